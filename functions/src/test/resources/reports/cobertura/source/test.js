const assert = require('assert');
const { lineTotal, applyCoupon } = require('./price');
assert.strictEqual(lineTotal(2, 5), 10);
assert.strictEqual(applyCoupon(100, 'SAVE10'), 90);
console.log('ok');
