#include "uccert/report/overloaded.h"
#include "uccert/report/renderers.h"

#include "uccert/report/audit_json.h"
#include "uccert/report/audit_text.h"
#include "uccert/report/check_json.h"
#include "uccert/report/check_text.h"
#include "uccert/report/discover_json.h"
#include "uccert/report/discover_text.h"
#include "uccert/report/html_report.h"
#include "uccert/report/inspect_json.h"
#include "uccert/report/inspect_text.h"
#include "uccert/report/plan_json.h"
#include "uccert/report/plan_text.h"
#include "uccert/report/nagios.h"
#include "uccert/report/prometheus.h"
#include "uccert/report/sarif.h"

namespace uccert::report {

namespace {


std::string as_text(const Report& report, const RenderStyle& style) {
  return std::visit(Overloaded{
                        [&](const CheckReport& r) { return render_check_text(r, CheckTextStyle{style.color, style.width}); },
                        [&](const DiscoverReport& r) { return render_discover_text(r); },
                        [&](const InspectReport& r) { return render_inspect_text(r, TextStyle{style.color}); },
                        [&](const PlanReport& r) { return render_plan_text(r); },
                        [&](const AuditReport& r) { return render_audit_text(r); },
                    },
                    report.body);
}

std::string as_json(const Report& report, const RenderStyle&) {
  return std::visit(Overloaded{
                        [](const CheckReport& r) { return render_check_json(r); },
                        [](const DiscoverReport& r) { return render_discover_json(r); },
                        [](const InspectReport& r) { return render_inspect_json(r); },
                        [](const PlanReport& r) { return render_plan_json(r); },
                        [](const AuditReport& r) { return render_audit_json(r); },
                    },
                    report.body);
}

std::string as_html(const Report& report, const RenderStyle&) { return render_html(report); }
std::string as_sarif(const Report& report, const RenderStyle&) { return render_sarif(report); }

constexpr Renderer kRenderers[] = {
    {"text", as_text},
    {"json", as_json},
    {"nagios", [](const Report& r, const RenderStyle&) { return render_nagios(r); }},
    {"prometheus", [](const Report& r, const RenderStyle&) { return render_prometheus(r); }},
    {"html", as_html},
    {"sarif", as_sarif},
};

}  // namespace

std::span<const Renderer> renderers() { return kRenderers; }

const Renderer* find_renderer(std::string_view format) {
  for (const auto& r : kRenderers)
    if (r.format == format) return &r;
  return nullptr;
}

std::optional<std::string> render(const Report& report, std::string_view format, const RenderStyle& style) {
  const Renderer* r = find_renderer(format);
  if (r == nullptr) return std::nullopt;
  return r->render(report, style);
}

}  // namespace uccert::report
