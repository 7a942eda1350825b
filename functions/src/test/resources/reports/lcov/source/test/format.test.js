const test = require('node:test');
const assert = require('node:assert');
const { cents } = require('../src/format');

test('cents', () => assert.strictEqual(cents(1234), '12.34'));
