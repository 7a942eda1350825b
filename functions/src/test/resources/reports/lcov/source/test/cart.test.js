const test = require('node:test');
const assert = require('node:assert');
const { total, discount } = require('../src/cart');

test('total sums prices', () => assert.strictEqual(total([1, 2, 3]), 6));
test('half discount', () => assert.strictEqual(discount(10, 'HALF'), 5));
