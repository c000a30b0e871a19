// Log lines in batches: what was logged is written once asked for (the ready line comes
// after it), warnings go out without waiting for the batch, a full buffer drops lines and
// says how many instead of holding the caller up, and nothing waiting is lost at the end.
#include "server/batched_log_sink.h"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <string>

namespace ecl {
namespace {

using std::chrono::milliseconds;

class BatchedLogSinkTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(::pipe(fds_), 0);
    ::fcntl(fds_[0], F_SETFL, O_NONBLOCK);
  }
  void TearDown() override {
    ::close(fds_[0]);
    ::close(fds_[1]);
  }

  std::shared_ptr<spdlog::logger> Logger(std::shared_ptr<BatchedLogSink> sink) {
    auto logger = std::make_shared<spdlog::logger>("test", sink);
    logger->set_pattern("%l %v");
    logger->flush_on(spdlog::level::warn);
    return logger;
  }

  // What has reached the pipe within `wait`.
  std::string Read(milliseconds wait = milliseconds(0)) {
    pollfd p{fds_[0], POLLIN, 0};
    ::poll(&p, 1, static_cast<int>(wait.count()));
    std::string text;
    char buf[4096];
    ssize_t n;
    while ((n = ::read(fds_[0], buf, sizeof buf)) > 0) text.append(buf, size_t(n));
    return text;
  }

  int fds_[2] = {-1, -1};
};

TEST_F(BatchedLogSinkTest, LinesWaitForTheirBatchUntilAskedFor) {
  auto sink = std::make_shared<BatchedLogSink>(fds_[1], milliseconds(10000));
  auto logger = Logger(sink);
  logger->info("one");
  logger->info("two");
  EXPECT_EQ(Read(milliseconds(50)), "");  // gathered, not written one by one
  sink->WaitWritten();
  EXPECT_EQ(Read(), "info one\ninfo two\n");
}

TEST_F(BatchedLogSinkTest, AWarningIsWrittenWithoutWaitingForTheBatch) {
  auto sink = std::make_shared<BatchedLogSink>(fds_[1], milliseconds(10000));
  auto logger = Logger(sink);
  logger->info("before");
  logger->warn("trouble");
  EXPECT_EQ(Read(milliseconds(2000)), "info before\nwarning trouble\n");
}

TEST_F(BatchedLogSinkTest, PastTheLimitLinesAreDroppedAndCounted) {
  auto sink = std::make_shared<BatchedLogSink>(fds_[1], milliseconds(10000), 20);
  auto logger = Logger(sink);
  for (int i = 0; i < 10; ++i) logger->info("line {}", i);  // 12 bytes each
  sink->WaitWritten();
  EXPECT_EQ(Read(),
            "info line 0\ninfo line 1\n"
            "elasticache-local: 8 log lines dropped: the log output was not read fast enough\n");
}

TEST_F(BatchedLogSinkTest, WhatIsWaitingIsWrittenAtTheEnd) {
  {
    auto sink = std::make_shared<BatchedLogSink>(fds_[1], milliseconds(10000));
    Logger(sink)->info("last words");
  }
  EXPECT_EQ(Read(), "info last words\n");
}

}  // namespace
}  // namespace ecl
