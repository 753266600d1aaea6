#include "data/source_channel.h"

#include <map>
#include <memory>
#include <mutex>

namespace mlt {
namespace {

std::mutex g_mutex;
std::map<std::string, std::unique_ptr<SourceChannel>, std::less<>>& channels() {
  static std::map<std::string, std::unique_ptr<SourceChannel>, std::less<>> all;
  return all;
}

}  // namespace

ChannelSettings default_channel_settings(std::string_view source) {
  ChannelSettings s;
  if (source == "polygon") s.requests_per_window = 5;        // free tier
  else if (source == "fred") s.requests_per_window = 120;    // documented per-key budget
  else s.requests_per_window = 60;
  return s;
}

SourceChannel& source_channel(std::string_view source) {
  std::lock_guard lock(g_mutex);
  auto& all = channels();
  auto it = all.find(source);
  if (it == all.end())
    it = all.emplace(std::string(source),
                     std::make_unique<SourceChannel>(std::string(source), default_channel_settings(source)))
             .first;
  return *it->second;
}

Json source_channels_status(TimestampMs now) {
  std::lock_guard lock(g_mutex);
  Json out = Json::array();
  for (const auto& [name, channel] : channels()) out.push_back(channel->status(now));
  return out;
}

}  // namespace mlt
