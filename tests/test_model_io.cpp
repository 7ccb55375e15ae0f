#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "nnm/core/error.hpp"
#include "nnm/core/random.hpp"
#include "nnm/data/model_io.hpp"

namespace fs = std::filesystem;

namespace {
std::string temp_file(const std::string& name, const std::string& content) {
  const auto p = (fs::temp_directory_path() / name).string();
  std::ofstream(p, std::ios::binary) << content;
  return p;
}
std::string model_error(const std::string& content) {
  const auto p = temp_file("nnm_test_bad_model.json", content);
  try {
    nnm::read_model(p);
  } catch (const nnm::InputError& e) {
    const std::string what = e.what();
    return what.substr(what.rfind('/') + 1);
  }
  return "no error";
}
}  // namespace

TEST_SUITE("model_io") {
  TEST_CASE("write then read gives the same network bit for bit, extra fields ignored") {
    nnm::Network net;
    net.A = nnm::random_normal_matrix(3, 2, 1, 3, 0);
    net.W = nnm::random_normal_matrix(2, 5, 1, 3, 1);
    net.b = Eigen::VectorXd{{0.1, -1e-300}};
    net.c = Eigen::VectorXd{{1.0 / 3, 2, 3}};
    net.activation = nnm::Activation::parse("leaky_relu:0.125");
    const auto p = (fs::temp_directory_path() / "nnm_test_model.json").string();
    nnm::write_model(p, net, {{"dist", "gaussian"}, {"seed", 7}});
    const nnm::Network back = nnm::read_model(p);
    CHECK(back.A == net.A);
    CHECK(back.W == net.W);
    CHECK(back.b == net.b);
    CHECK(back.c == net.c);
    CHECK(back.activation.name() == "leaky_relu:0.125");
    CHECK(nnm::read_json_file(p).at("dist") == "gaussian");
    fs::remove(p);
  }

  TEST_CASE("biases are optional") {
    const auto p = temp_file("nnm_test_nobias.json", R"({"A": [[1, 2]], "W": [[1, 0], [0, 1]]})");
    const nnm::Network net = nnm::read_model(p);
    CHECK(net.b.size() == 0);
    CHECK(net.activation.name() == "relu");
  }

  TEST_CASE("malformed files name the file, the line and the problem") {
    CHECK(model_error("{\n  \"A\": [[1, 2]],\n  \"W\": [[1, 2]\n}")
              .find("nnm_test_bad_model.json:4: malformed JSON") == 0);
    CHECK(model_error("") == "nnm_test_bad_model.json: empty file (expected a JSON object)");
    CHECK(model_error("{\n\"A\": [[1, 2, 3]],\n\"W\": [[1, 0], [0, 1]]\n}") ==
          "nnm_test_bad_model.json:2: shapes disagree: A is 1 x 3 but W is 2 x 2 (A needs one "
          "column per row of W)");
    CHECK(model_error("{\"A\": [[1]], \"W\": [[1, 2], [3]]}") ==
          "nnm_test_bad_model.json:1: field \"W\": row 2 has 1 entries, row 1 has 2");
    CHECK(model_error("{\"A\": [[1]],\n \"W\": [[1, \"x\"]]}") ==
          "nnm_test_bad_model.json:2: field \"W\" holds a non-number: \"x\"");
    CHECK(model_error("{\"W\": [[1]]}") == "nnm_test_bad_model.json: missing field \"A\"");
    CHECK(model_error("{\"A\": [[1]], \"W\": [[1]],\n\"activation\": \"relu7\"}")
              .find("nnm_test_bad_model.json:2: unknown activation 'relu7'") == 0);
    CHECK(
        model_error("{\"format\": \"other\", \"A\": [[1]], \"W\": [[1]]}").find("unknown format") !=
        std::string::npos);
    CHECK(model_error("[1, 2]") == "nnm_test_bad_model.json:1: expected a JSON object");
  }

  // Finding 2: a value nested 70000 deep was dump()ed into the message: SIGSEGV in the printer.
  TEST_CASE("deep nesting is refused before parsing; echoed values stay short") {
    const std::string deep =
        "{\"format\": " + std::string(70000, '[') + std::string(70000, ']') + "}";
    CHECK(model_error(deep) == "nnm_test_bad_model.json:1: JSON nested deeper than 256 levels");
    const std::string nested_a =
        "{\"A\": [[" + std::string(300, '[') + std::string(300, ']') + "]]}";
    CHECK(model_error(nested_a).find("nested deeper than 256") != std::string::npos);
    // Brackets inside strings do not count.
    CHECK(model_error("{\"note\": \"" + std::string(1000, '[') +
                      "\", \"A\": [[1]], \"W\": [[1]]}") == "no error");
    CHECK(model_error("{\"format\": [[1, 2], [3]], \"A\": [[1]], \"W\": [[1]]}")
              .find("unknown format an array of 2 (expected") != std::string::npos);
    CHECK(model_error("{\"A\": [[1]],\n \"W\": [[{\"a\": 1}]]}") ==
          "nnm_test_bad_model.json:2: field \"W\" holds a non-number: an object of 1 fields");
    // Finding 10: a 100 KB string is cut in the message.
    const std::string huge = model_error("{\"format\": \"" + std::string(100000, 'f') + "\"}");
    CHECK(huge.size() < 300);
    CHECK(huge.find("unknown format \"fff") != std::string::npos);
    CHECK(nnm::describe_json(nlohmann::json(std::string(500, 'x'))).size() <= 100);
  }

  // Finding 5: /dev/zero was read for 31 s into 2.1 GB before "unexpected end of input".
  TEST_CASE("NUL bytes, devices without end and directories are refused at once") {
    CHECK(model_error(std::string("{\"A\": [[1]]\0}", 14)) ==
          "nnm_test_bad_model.json: holds a NUL byte: not a JSON text file");
    CHECK_THROWS_WITH_AS(nnm::read_model("/dev/zero"),
                         "/dev/zero: holds a NUL byte: not a JSON text file", nnm::InputError);
    CHECK_THROWS_WITH_AS(nnm::read_model(fs::temp_directory_path().string()),
                         doctest::Contains("is a directory"), nnm::InputError);
    CHECK(nnm::kMaxJsonBytes == std::size_t{1} << 30);
  }
}
