function total(prices) {
  if (prices.length === 0) {
    throw new Error('empty cart');
  }
  return prices.reduce((sum, p) => sum + p, 0);
}

function discount(total, code) {
  if (code === 'HALF') {
    return total / 2;
  }
  if (code === 'TENOFF') {
    return Math.max(0, total - 10);
  }
  return total;
}

module.exports = { total, discount };
