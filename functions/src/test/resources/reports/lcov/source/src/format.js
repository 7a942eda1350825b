function cents(amount) {
  return (amount / 100).toFixed(2);
}

module.exports = { cents };
