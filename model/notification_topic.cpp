#include "model/notification_topic.h"

#include "model/aws_faults.h"
#include "model/replication_group_modify_rules.h"

namespace ecl {

std::optional<std::string> CheckNotificationTopicArn(std::string_view arn,
                                                     std::string_view owner_account,
                                                     std::string_view owner) {
  if (arn.empty()) return std::nullopt;
  // The five fields before the topic's name: arn, partition, service, region, account.
  std::string_view fields[5];
  size_t start = 0;
  for (auto& field : fields) {
    size_t colon = arn.find(':', start);
    if (colon == std::string_view::npos)
      throw faults::InvalidParameterValueException(
          "Invalid NotificationTopicArn: " + std::string(arn) + ".");
    field = arn.substr(start, colon - start);
    start = colon + 1;
  }
  if (fields[0] != "arn" || fields[2] != "sns" || start >= arn.size())
    throw faults::InvalidParameterValueException(
        "Invalid NotificationTopicArn: " + std::string(arn) + ".");
  if (fields[4] != owner_account)
    throw faults::InvalidParameterValueException("The Amazon SNS topic owner must be same as the " +
                                                 std::string(owner) +
                                                 " owner: " + std::string(arn) + ".");
  return std::string(arn);
}

void ApplyNotificationTopicChange(NodeSettings& s, const std::optional<std::string>& arn,
                                  const std::optional<std::string>& status,
                                  std::string_view owner_account, std::string_view owner) {
  if (arn) {
    s.notification_topic_arn = CheckNotificationTopicArn(*arn, owner_account, owner);
    if (!s.notification_topic_arn) s.notification_topic_status.reset();
  }
  if (!status) return;
  std::string checked = ValidateChoice("NotificationTopicStatus", *status, {"active", "inactive"});
  if (!s.notification_topic_arn) {
    if (checked == "inactive") return;
    throw faults::InvalidParameterCombinationException(
        "NotificationTopicStatus needs a NotificationTopicArn.");
  }
  s.notification_topic_status = checked;
}

}  // namespace ecl
