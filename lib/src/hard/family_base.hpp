#pragma once
// What every family class shares: its validated options and its kind's name.
#include <string>
#include <utility>

#include "nnm/sq/family.hpp"

namespace nnm::detail {

template <class Options>
class FamilyWith : public HardFamily {
 public:
  FamilyWith(const Options& options, std::string kind) : o_(options), kind_(std::move(kind)) {
    o_.validate();
  }
  std::string kind() const override { return kind_; }

 protected:
  Options o_;

 private:
  std::string kind_;
};

}  // namespace nnm::detail
