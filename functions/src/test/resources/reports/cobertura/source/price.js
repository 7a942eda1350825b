// A tiny pricing module, run under c8 to produce a real Cobertura report.
function lineTotal(quantity, unitPrice) {
  if (quantity >= 10) {
    return quantity * unitPrice * 0.95;
  }
  return quantity * unitPrice;
}

function applyCoupon(amount, coupon) {
  if (coupon === 'SAVE10') {
    return amount * 0.9;
  }
  if (coupon === 'SAVE25') {
    return amount * 0.75;
  }
  return amount;
}

module.exports = { lineTotal, applyCoupon };
