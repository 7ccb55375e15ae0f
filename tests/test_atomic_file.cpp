#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "nnm/core/error.hpp"
#include "nnm/data/atomic_file.hpp"
#include "nnm/data/file_lock.hpp"
#include "temp_dir.hpp"

namespace fs = std::filesystem;

namespace {

struct TempDir : nnm::test::TempDir {
  TempDir() : nnm::test::TempDir("nnm_atomic_") {}
};

std::string slurp(const std::string& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

TEST_SUITE("atomic outputs") {
  // Finding 1: /dev/null was replaced by a regular file (as root) or refused as "Permission
  // denied".
  TEST_CASE("a device, a FIFO or a directory is refused as a target") {
    CHECK_THROWS_WITH_AS(nnm::AtomicFile("/dev/null"),
                         "/dev/null: is not a regular file (a device, FIFO or socket): nnm writes "
                         "its outputs to regular files only",
                         nnm::InputError);
    CHECK_THROWS_WITH_AS(nnm::AtomicFile("/dev/full"), doctest::Contains("not a regular file"),
                         nnm::InputError);
    TempDir dir;
    REQUIRE(::mkfifo((dir / "fifo").c_str(), 0600) == 0);
    CHECK_THROWS_WITH_AS(nnm::AtomicFile(dir / "fifo"), doctest::Contains("not a regular file"),
                         nnm::InputError);
    fs::create_directory(dir / "sub");
    CHECK_THROWS_WITH_AS(nnm::AtomicFile(dir / "sub"), doctest::Contains("is a directory"),
                         nnm::InputError);
    CHECK(dir.entries() == 2);  // nothing else was created
  }

  TEST_CASE("a symbolic link at the target is replaced, not followed") {
    TempDir dir;
    std::ofstream(dir / "real") << "keep";
    fs::create_symlink(dir / "real", dir / "link");
    nnm::write_file_atomically(dir / "link", "new");
    CHECK(slurp(dir / "real") == "keep");
    CHECK_FALSE(fs::is_symlink(dir / "link"));
    CHECK(slurp(dir / "link") == "new");
  }

  // Finding 9: generate committed the truth, then failed writing the data: a truth without data.
  TEST_CASE("an open transaction stages commits and renames them all at its commit") {
    TempDir dir;
    {
      nnm::OutputTransaction outputs;
      CHECK(nnm::OutputTransaction::active() == &outputs);
      nnm::write_file_atomically(dir / "truth.json", "{}");
      nnm::write_file_atomically(dir / "data.csv", "x1,y1\n1,2\n");
      CHECK_FALSE(fs::exists(dir / "truth.json"));
      CHECK_FALSE(fs::exists(dir / "data.csv"));
      CHECK(outputs.staged().size() == 2);
      CHECK_THROWS_AS(nnm::OutputTransaction(), std::logic_error);  // one at a time
      outputs.commit();
    }
    CHECK(slurp(dir / "truth.json") == "{}");
    CHECK(slurp(dir / "data.csv") == "x1,y1\n1,2\n");
    CHECK(dir.entries() == 2);
    CHECK(nnm::OutputTransaction::active() == nullptr);
  }

  TEST_CASE("a transaction destroyed uncommitted (an exception) leaves nothing") {
    TempDir dir;
    try {
      nnm::OutputTransaction outputs;
      nnm::write_file_atomically(dir / "truth.json", "{}");
      throw nnm::InputError("data.csv: No space left on device");
    } catch (const nnm::InputError&) {
    }
    CHECK(dir.entries() == 0);
  }

  TEST_CASE("staging the same path twice keeps the later content") {
    TempDir dir;
    {
      nnm::OutputTransaction outputs;
      nnm::write_file_atomically(dir / "r.csv", "first");
      nnm::write_file_atomically(dir / "r.csv", "second");
      outputs.commit();
    }
    CHECK(slurp(dir / "r.csv") == "second");
    CHECK(dir.entries() == 1);
  }

  // Issue 12 item 2: SIGINT left *.tmp.XXXXXX files behind.
  TEST_CASE("SIGINT and SIGTERM remove the temporaries and end the process by the signal") {
    for (const int sig : {SIGINT, SIGTERM}) {
      TempDir dir;
      const pid_t child = ::fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        nnm::remove_temporaries_on_signal();
        nnm::AtomicFile open_file(dir / "partial.csv");
        open_file.write("x1,y1\n");
        nnm::OutputTransaction outputs;
        nnm::write_file_atomically(dir / "staged.json", "{}");
        nnm::FileLock lock(dir / "sweep.csv");
        ::raise(sig);
        ::_exit(0);  // not reached
      }
      int status = 0;
      REQUIRE(::waitpid(child, &status, 0) == child);
      CHECK(WIFSIGNALED(status));
      CHECK(WTERMSIG(status) == sig);
      CHECK(dir.entries() == 0);
    }
  }

  // CI (sanitizer build): a SIGTERM that reached `nnm sweep` while its static objects were being
  // destroyed made the handler read the freed hint string (heap-use-after-free, exit 1).
  TEST_CASE("the interrupt message is the caller's text even after the caller's string changed") {
    int pipe_ends[2];
    REQUIRE(::pipe(pipe_ends) == 0);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
      ::dup2(pipe_ends[1], STDERR_FILENO);
      auto hint = std::make_unique<std::string>("interrupted: resume with --resume\n");
      nnm::remove_temporaries_on_signal(hint->c_str());
      hint->assign(hint->size(), 'X');  // what freed memory may hold by the time the signal comes
      hint.reset();
      ::raise(SIGTERM);
      ::_exit(0);  // not reached
    }
    ::close(pipe_ends[1]);
    std::string said;
    char buffer[256];
    for (ssize_t got; (got = ::read(pipe_ends[0], buffer, sizeof buffer)) > 0;)
      said.append(buffer, got);
    ::close(pipe_ends[0]);
    int status = 0;
    REQUIRE(::waitpid(child, &status, 0) == child);
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(said == "interrupted: resume with --resume\n");
  }
}

TEST_SUITE("file lock") {
  // Finding 6: two sweeps on one --out both exited 0 and 14 rows were silently lost.
  TEST_CASE("a second holder is refused with the holder's pid; the lock file goes with the lock") {
    TempDir dir;
    const std::string out = dir / "results.csv";
    {
      const nnm::FileLock lock(out);
      CHECK(lock.path() == out + ".lock");
      CHECK(fs::exists(out + ".lock"));
      const pid_t child = ::fork();
      REQUIRE(child >= 0);
      if (child == 0) {
        try {
          const nnm::FileLock second(out);
        } catch (const nnm::InputError& e) {
          const std::string want = "(pid " + std::to_string(::getppid()) + ") is writing it";
          ::_exit(std::string(e.what()).find(want) != std::string::npos ? 7 : 1);
        }
        ::_exit(0);
      }
      int status = 0;
      REQUIRE(::waitpid(child, &status, 0) == child);
      CHECK(WEXITSTATUS(status) == 7);
    }
    CHECK_FALSE(fs::exists(out + ".lock"));
    const nnm::FileLock again(out);  // free again
  }

  TEST_CASE("a lock file left by a killed holder does not block") {
    TempDir dir;
    const std::string out = dir / "results.csv";
    std::ofstream(out + ".lock") << "999999\n";
    const nnm::FileLock lock(out);
    CHECK(fs::exists(out + ".lock"));
  }
}

TEST_SUITE("error messages") {
  // Finding 10: a 100 KB value made a 100 KB line; NUL bytes went to the terminal raw.
  TEST_CASE("messages are one line, escaped and cut") {
    CHECK(nnm::one_line("plain ≥ σ text") == "plain ≥ σ text");
    CHECK(nnm::one_line(std::string("a\0b\nc\x1b", 6)) == "a\\x00b\\nc\\x1b");
    const std::string cut = nnm::one_line(std::string(5000, 'z'), 100);
    CHECK(cut == std::string(100, 'z') + "... (4900 more bytes)");
    // Never inside a UTF-8 character: "≥" is 3 bytes; a cut at 2 keeps 1 whole ASCII byte.
    CHECK(nnm::one_line("a≥", 2) == "a... (3 more bytes)");
    // Bytes that are not UTF-8 (a binary file read as CSV) and C1 controls are escaped, so the
    // message stays valid UTF-8; a character cut short by the end of the text is not UTF-8.
    CHECK(nnm::one_line("\x93NUMPY\xff") == "\\x93NUMPY\\xff");
    CHECK(nnm::one_line("\xc2\x9b[31m \xc3\xa9") == "\\xc2\\x9b[31m \xc3\xa9");
    CHECK(nnm::one_line("\xed\xa0\x80 \xc0\xaf \xe2\x89") ==
          "\\xed\\xa0\\x80 \\xc0\\xaf \\xe2\\x89");
    CHECK(nnm::one_line("\xf0\x9f\x98\x80!") == "\xf0\x9f\x98\x80!");
    const nnm::InputError e(std::string(100000, 'q'));
    CHECK(std::string(e.what()).size() < nnm::kMaxMessageBytes + 40);
  }
}
