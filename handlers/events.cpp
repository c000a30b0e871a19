#include "handlers/events.h"

#include <algorithm>
#include <array>

#include "model/aws_faults.h"

namespace ecl {

namespace {

constexpr int64_t kMinuteMs = 60 * 1000;
constexpr int kDefaultDurationMinutes = 60;

// The model's SourceType enumeration.
constexpr std::array<std::string_view, 9> kSourceTypes = {
    "cache-cluster",     "cache-parameter-group", "cache-security-group",      "cache-subnet-group",
    "replication-group", "serverless-cache",      "serverless-cache-snapshot", "user",
    "user-group"};

std::string ValidSourceType(const std::string& value) {
  if (std::find(kSourceTypes.begin(), kSourceTypes.end(), value) != kSourceTypes.end())
    return value;
  std::string valid;
  for (auto t : kSourceTypes) valid += (valid.empty() ? "" : ", ") + std::string(t);
  throw faults::InvalidParameterValueException("Invalid value for SourceType: '" + value +
                                               "'. Valid values are: " + valid + ".");
}

// The window asked for: StartTime and EndTime as given, Duration (minutes, default 60)
// reaching back from EndTime (or now) or forward from StartTime; never older than the 14 days
// events are kept.
std::pair<Timestamp, Timestamp> Window(const api::DescribeEventsMessage& in, Timestamp now) {
  if (in.StartTime && in.EndTime && in.Duration)
    throw faults::InvalidParameterCombinationException(
        "Specify at most two of StartTime, EndTime and Duration.");
  if (in.Duration && *in.Duration < 0)
    throw faults::InvalidParameterValueException(
        "Invalid value for Duration: " + std::to_string(*in.Duration) +
        ". It must be a number of minutes, at least 0.");
  const int64_t duration_ms = std::min<int64_t>(in.Duration.value_or(kDefaultDurationMinutes),
                                                kEventRetentionMs / kMinuteMs) *
                              kMinuteMs;
  Timestamp end = in.EndTime                    ? *in.EndTime
                  : in.StartTime && in.Duration ? Timestamp{in.StartTime->epoch_ms + duration_ms}
                                                : now;
  Timestamp start = in.StartTime ? *in.StartTime : Timestamp{end.epoch_ms - duration_ms};
  if (start.epoch_ms > end.epoch_ms)
    throw faults::InvalidParameterCombinationException(
        "The StartTime must be earlier than the EndTime.");
  start.epoch_ms = std::max(start.epoch_ms, now.epoch_ms - kEventRetentionMs);
  return {start, end};
}

// Markers carry the (time, sequence) of the last event returned.
std::optional<std::pair<int64_t, int64_t>> Cursor(const std::optional<std::string>& marker) {
  std::string position = MarkerPosition(api::op::DescribeEvents::kName, marker);
  if (position.empty()) return std::nullopt;
  auto colon = position.find(':');
  return std::make_pair(std::stoll(position.substr(0, colon)),
                        std::stoll(position.substr(colon + 1)));
}

api::EventsMessage DescribeEvents(HandlerEnv env, const RequestContext& ctx,
                                  const api::DescribeEventsMessage& in) {
  EventQuery query;
  query.account = ctx.account;
  query.region = ctx.region;
  std::tie(query.start, query.end) = Window(in, ctx.now);
  if (in.SourceType) query.source_type = ValidSourceType(*in.SourceType);
  query.source_id = in.SourceIdentifier;
  query.before = Cursor(in.Marker);
  query.limit = PageSize(in.MaxRecords, 20, 100, 100);

  EventPage page = env.store.ListEvents(query);
  api::EventsMessage out;
  auto& events = out.Events.emplace();
  for (const auto& e : page.items)
    events.push_back({e.event.source_id, e.event.source_type, e.event.message, e.event.at});
  if (page.more) {
    const auto& last = page.items.back();
    out.Marker = NextMarker(api::op::DescribeEvents::kName, std::to_string(last.event.at.epoch_ms) +
                                                                ":" + std::to_string(last.seq));
  }
  return out;
}

}  // namespace

void RegisterEventHandlers(HandlerRegistry& registry, HandlerEnv env) {
  registry.Add<api::op::DescribeEvents>(env, DescribeEvents);
}

}  // namespace ecl
