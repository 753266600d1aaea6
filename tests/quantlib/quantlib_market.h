// QuantLib set-up shared by the comparisons (C++17, QuantLib side only):
// one Black-Scholes-Merton process on flat curves whose quotes can be reset,
// with ACT/365F so that a maturity of d days is exactly d / 365 years.
#pragma once

#include <ql/quantlib.hpp>

#include "finance/options/option_types.h"

namespace mlt::qlref {

namespace ql = QuantLib;

struct QlMarket {
  ql::Date today{15, ql::January, 2025};
  ql::DayCounter dc = ql::Actual365Fixed();
  ql::ext::shared_ptr<ql::SimpleQuote> spot = ql::ext::make_shared<ql::SimpleQuote>(100.0);
  ql::ext::shared_ptr<ql::SimpleQuote> rate = ql::ext::make_shared<ql::SimpleQuote>(0.0);
  ql::ext::shared_ptr<ql::SimpleQuote> dividend = ql::ext::make_shared<ql::SimpleQuote>(0.0);
  ql::ext::shared_ptr<ql::SimpleQuote> vol = ql::ext::make_shared<ql::SimpleQuote>(0.2);
  ql::ext::shared_ptr<ql::BlackScholesMertonProcess> process;

  QlMarket() {
    ql::Settings::instance().evaluationDate() = today;
    ql::Handle<ql::YieldTermStructure> r(
        ql::ext::make_shared<ql::FlatForward>(today, ql::Handle<ql::Quote>(rate), dc, ql::Continuous));
    ql::Handle<ql::YieldTermStructure> q(
        ql::ext::make_shared<ql::FlatForward>(today, ql::Handle<ql::Quote>(dividend), dc, ql::Continuous));
    ql::Handle<ql::BlackVolTermStructure> v(
        ql::ext::make_shared<ql::BlackConstantVol>(today, ql::NullCalendar(), ql::Handle<ql::Quote>(vol), dc));
    process = ql::ext::make_shared<ql::BlackScholesMertonProcess>(ql::Handle<ql::Quote>(spot), q, r, v);
  }

  void set(const options::MarketInputs& m) {
    spot->setValue(m.spot);
    rate->setValue(m.rate);
    dividend->setValue(m.dividend);
    vol->setValue(m.volatility);
  }

  static ql::Option::Type type(options::OptionType t) {
    return t == options::OptionType::Call ? ql::Option::Call : ql::Option::Put;
  }

  ql::ext::shared_ptr<ql::VanillaOption> vanilla(options::OptionType t, double strike, int days,
                                                 bool american = false) const {
    auto payoff = ql::ext::make_shared<ql::PlainVanillaPayoff>(type(t), strike);
    ql::ext::shared_ptr<ql::Exercise> exercise;
    if (american)
      exercise = ql::ext::make_shared<ql::AmericanExercise>(today, today + days);
    else
      exercise = ql::ext::make_shared<ql::EuropeanExercise>(today + days);
    return ql::ext::make_shared<ql::VanillaOption>(payoff, exercise);
  }
};

inline double years(int days) { return days / 365.0; }

}  // namespace mlt::qlref
