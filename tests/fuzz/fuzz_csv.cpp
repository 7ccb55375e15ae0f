// libFuzzer target: the data CSV reader with its options, from memory. The first byte picks the
// options (outputs required or not, column selections, a small line cap, chunk size); the rest is
// the file.
#include <string>
#include <string_view>

#include "nnm/core/error.hpp"
#include "nnm/data/dataset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const unsigned pick = data[0];
  const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
  nnm::CsvOptions o;
  o.require_outputs = pick & 1;
  static const char* const kX[] = {"", "x1:x2", "1,3", "a:c"};
  static const char* const kY[] = {"", "y1", "2", "\"q\""};
  o.x_cols = kX[(pick >> 1) & 3];
  o.y_cols = kY[(pick >> 3) & 3];
  if (pick & 32) o.max_line_bytes = 64;
  if (pick & 64) o.max_columns = 4;
  try {
    nnm::CsvReader reader(nnm::CsvText{text, "fuzz.csv"}, o);
    Eigen::MatrixXd X, Y;
    const Eigen::Index chunk = (pick & 128) ? 1 : 3;
    while (reader.read(chunk, X, Y) > 0) {
      if (X.cols() != reader.input_dim() || Y.cols() != reader.output_dim() || !X.allFinite() ||
          !Y.allFinite())
        __builtin_trap();
    }
  } catch (const nnm::InputError&) {
  }
  return 0;
}
