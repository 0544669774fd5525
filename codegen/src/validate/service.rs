//! Service metadata (`service.yaml`): module path, version against the folder, endpoint, regions.
//! Common error codes are checked in [`super::errors`].

use std::collections::BTreeSet;

use super::Resolver;
use crate::ir::{Region, Service};
use crate::load::LoadedService;
use crate::naming;
use crate::spec::ProtocolSpec;

/// Top-level modules a service must not take: the hand-written runtime, and crates the
/// generated code names (a root module `std` would make `std::` paths ambiguous).
/// Names a service module path may not start with, and why: the generated crate's own files and
/// the crates its code names by their root (`::serde::...`, `::std::...`).
const RESERVED_ROOT_MODULES: &[(&str, &str)] = &[
    ("runtime", "the hand-written runtime's module"),
    ("lib", "the crate root's file is src/lib.rs"),
    (
        "services",
        "src/services.rs is the generated list of service modules",
    ),
    ("std", "a crate the generated code uses"),
    ("core", "a crate the generated code uses"),
    ("alloc", "a crate the generated code uses"),
    ("serde", "a crate the generated code uses"),
];

impl Resolver<'_> {
    /// The service's own facts, with no actions, types, enums or waiters yet. `None` when the
    /// module path is unusable (the rest is still checked).
    pub(super) fn service_metadata(&mut self, loaded: &LoadedService) -> Option<Service> {
        let spec = &loaded.service;
        let file = loaded.service_file.as_str();
        let module_ok = self.module_path(file, &spec.module);
        let name_ok = !spec.name.trim().is_empty() && !spec.name.contains(char::is_whitespace);
        if !name_ok {
            self.error(
                file,
                "name",
                format!(
                    "'{}' is not a service name (a non-empty word such as 'cvm')",
                    spec.name
                ),
            );
        }
        if spec.title.trim().is_empty() {
            self.error(file, "title", "must not be empty");
        }
        const SIGNING_NAME: &str =
            "lower-case ASCII letters, digits, '-' and '_', starting with a letter, such as 'cvm'";
        match &spec.signing_name {
            Some(signing) if !is_signing_name(signing) => self.error(
                file,
                "signing_name",
                format!("'{signing}' is not a credential-scope service name ({SIGNING_NAME})"),
            ),
            None if name_ok && !is_signing_name(&spec.name) => self.error(
                file,
                "name",
                format!(
                    "'{}' is also the credential-scope service name without a `signing_name:`, and it is not one ({SIGNING_NAME})",
                    spec.name
                ),
            ),
            _ => {}
        }
        self.version(
            file,
            &loaded.dir,
            &spec.module,
            &spec.version,
            spec.protocol,
        );
        self.endpoint(file, spec);
        let mut seen = BTreeSet::new();
        for (i, region) in spec.regions.iter().enumerate() {
            let path = format!("regions[{i}]");
            if let Err(why) = check_region(&region.name) {
                self.error(file, &format!("{path}.name"), why);
            } else if !seen.insert(region.name.as_str()) {
                self.error(
                    file,
                    &format!("{path}.name"),
                    format!("duplicate region '{}'", region.name),
                );
            }
        }
        let mut seen = BTreeSet::new();
        for (i, param) in spec.common_params.iter().enumerate() {
            if !seen.insert(param.name.as_str()) {
                self.error(
                    file,
                    &format!("common_params[{i}]"),
                    format!("duplicate common param '{}'", param.name),
                );
            }
        }
        module_ok.then(|| Service {
            spec_dir: loaded.dir.clone(),
            name: spec.name.clone(),
            title: spec.title.clone(),
            doc: spec.doc.clone(),
            module_path: spec.module.split("::").map(str::to_owned).collect(),
            feature: spec.feature.clone(),
            default_feature: spec.default_feature,
            source: crate::ir::Source::Document(String::new()),
            version: spec.version.clone(),
            protocol: spec.protocol,
            host: spec.endpoint.host.clone(),
            regional_host: spec.endpoint.regional_host.clone(),
            path: spec.endpoint.path.clone(),
            regional_only: spec.endpoint.regional_only.clone(),
            signing_name: spec
                .signing_name
                .clone()
                .unwrap_or_else(|| spec.name.clone()),
            regions: spec
                .regions
                .iter()
                .map(|r| Region {
                    name: r.name.clone(),
                    doc: r.doc.clone(),
                })
                .collect(),
            common_errors: Vec::new(),
            actions: Vec::new(),
            types: Vec::new(),
            enums: Vec::new(),
            waiters: Vec::new(),
        })
    }

    /// `cvm::v20170312`: snake_case segments that are not keywords, reserved roots or their parent.
    fn module_path(&mut self, file: &str, module: &str) -> bool {
        let segments: Vec<&str> = module.split("::").collect();
        let problem = segments.iter().enumerate().find_map(|(i, segment)| {
            if naming::is_keyword(segment) {
                Some(format!("'{segment}' is a Rust keyword"))
            } else if !is_snake_segment(segment) {
                Some(format!(
                    "'{segment}' is not a snake_case module name (lower-case ASCII letters and digits, single '_' between words, starting with a letter)"
                ))
            } else if let Some((_, why)) = RESERVED_ROOT_MODULES
                .iter()
                .find(|(name, _)| i == 0 && name == segment)
            {
                Some(format!("'{segment}' is reserved at the crate root ({why})"))
            } else if i > 0 && segments[i - 1] == *segment {
                Some(format!(
                    "'{segment}' repeats its parent module (clippy's module_inception)"
                ))
            } else {
                None
            }
        });
        let problem = problem.or_else(|| {
            let tests =
                naming::module_snake(&segments.iter().map(|s| s.to_string()).collect::<Vec<_>>());
            (tests == "main").then(|| {
                "its protocol tests would be tests/examples/main.rs, the tests' root".to_owned()
            })
        });
        match problem {
            Some(why) => {
                self.error(
                    file,
                    "module",
                    format!("'{module}' is not a valid Rust module path: {why}"),
                );
                false
            }
            None => true,
        }
    }

    /// API 3.0 versions are dates (`2017-03-12`); a `vYYYYMMDD` folder or module segment must
    /// spell the same date.
    fn version(
        &mut self,
        file: &str,
        dir: &str,
        module: &str,
        version: &str,
        protocol: ProtocolSpec,
    ) {
        let date = parse_date(version);
        if protocol == ProtocolSpec::TencentApi3 && date.is_none() {
            self.error(
                file,
                "version",
                format!(
                    "'{version}' is not an API 3.0 version: expected a date YYYY-MM-DD such as 2017-03-12"
                ),
            );
            return;
        }
        let folder = dir.rsplit('/').next().unwrap_or_default();
        let segment = module.rsplit("::").next().unwrap_or_default();
        for (what, name) in [("folder", folder), ("module", segment)] {
            let Some(digits) = dated_name(name) else {
                continue;
            };
            let spelled = version.replace('-', "");
            if date.is_none() || spelled != digits {
                let expected = format!("{}-{}-{}", &digits[..4], &digits[4..6], &digits[6..]);
                self.error(
                    file,
                    "version",
                    format!(
                        "'{version}' does not match the {what} '{name}' (expected '{expected}')"
                    ),
                );
                return;
            }
        }
    }

    fn endpoint(&mut self, file: &str, spec: &crate::spec::ServiceSpec) {
        let endpoint = &spec.endpoint;
        if endpoint.host.is_empty() {
            self.error(file, "endpoint.host", "must not be empty");
        } else if let Err(why) = check_host(&endpoint.host) {
            self.error(file, "endpoint.host", why);
        }
        if let Some(pattern) = &endpoint.regional_host {
            if pattern.matches("{region}").count() != 1 {
                self.error(
                    file,
                    "endpoint.regional_host",
                    "must contain '{region}' exactly once",
                );
            } else if let Err(why) = check_host(&pattern.replace("{region}", "region")) {
                self.error(file, "endpoint.regional_host", why);
            }
        }
        if !endpoint.path.starts_with('/')
            || endpoint
                .path
                .chars()
                .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#'))
        {
            self.error(
                file,
                "endpoint.path",
                format!(
                    "'{}' is not a request path (it starts with '/', without spaces, query or fragment)",
                    endpoint.path
                ),
            );
        }
        for (i, region) in endpoint.regional_only.iter().enumerate() {
            let path = format!("endpoint.regional_only[{i}]");
            if let Err(why) = check_region(region) {
                self.error(file, &path, why);
            } else if endpoint.regional_host.is_none() {
                self.error(
                    file,
                    &path,
                    format!("region '{region}' must use the regional host, but endpoint.regional_host is not set"),
                );
                break;
            }
        }
    }
}

/// `vYYYYMMDD` -> `YYYYMMDD`.
fn dated_name(name: &str) -> Option<&str> {
    let digits = name.strip_prefix('v')?;
    (digits.len() == 8 && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// A calendar date `YYYY-MM-DD`.
fn parse_date(text: &str) -> Option<(u32, u32, u32)> {
    let bytes = text.as_bytes();
    let shaped = bytes.len() == 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes
            .iter()
            .enumerate()
            .all(|(i, b)| i == 4 || i == 7 || b.is_ascii_digit());
    if !shaped {
        return None;
    }
    let (year, month, day) = (
        text[..4].parse().ok()?,
        text[5..7].parse().ok()?,
        text[8..].parse().ok()?,
    );
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (year >= 1970 && (1..=days).contains(&day)).then_some((year, month, day))
}

/// The service name of a TC3 credential scope (`2024-01-01/cvm/tc3_request`): one word that
/// cannot break the scope's `/`-separated parts.
fn is_signing_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

fn is_snake_segment(segment: &str) -> bool {
    segment.starts_with(|c: char| c.is_ascii_lowercase())
        && !segment.ends_with('_')
        && !segment.contains("__")
        && segment
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
}

/// A host name: ASCII letters, digits, '-' and '.', no scheme, port or path.
fn check_host(host: &str) -> Result<(), String> {
    let labels_ok = host.split('.').all(|label| {
        !label.is_empty()
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    });
    if labels_ok {
        Ok(())
    } else {
        Err(format!(
            "'{host}' is not a host name (ASCII letters, digits, '-' and '.', without scheme, port or path)"
        ))
    }
}

fn check_region(region: &str) -> Result<(), String> {
    let ok = !region.is_empty()
        && region
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "'{region}' is not a region name (ASCII letters, digits, '-' and '_')"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::TestSpec;
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(parse_date("2017-03-12"), Some((2017, 3, 12)));
        assert_eq!(parse_date("2020-02-29"), Some((2020, 2, 29)));
        for bad in [
            "2019-02-29",
            "2017-13-01",
            "2017-3-12",
            "20170312",
            "",
            "2017-03-12 ",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
        assert_eq!(dated_name("v20170312"), Some("20170312"));
        assert_eq!(dated_name("v2"), None);
        assert_eq!(dated_name("v2017031"), None);
    }

    #[test]
    fn the_credential_scope_name_is_one_lower_case_word() {
        for bad in ["STS", "sts/../x", "s ts", "", "-sts", "stś"] {
            TestSpec::new()
                .edit_service(
                    "name: demo",
                    &format!("name: demo\nsigning_name: \"{bad}\""),
                )
                .rejects(&[
                    "service.yaml: signing_name:",
                    "is not a credential-scope service name",
                ]);
        }
        // Without `signing_name:` the service name is the scope's name.
        TestSpec::new()
            .edit_service("name: demo", "name: Demo/X")
            .rejects(&["service.yaml: name: 'Demo/X' is also the credential-scope service name"]);
        for good in ["sts", "api-gateway", "tcaplus_db2"] {
            TestSpec::new()
                .edit_service("name: demo", &format!("name: demo\nsigning_name: {good}"))
                .resolve()
                .unwrap();
        }
    }

    #[test]
    fn the_version_must_match_a_dated_folder() {
        let spec = TestSpec::new()
            .dir("spec/cvm/v20170312")
            .edit_service("module: demo::v1", "module: cvm::v20170312");
        spec.clone()
            .edit_service("2020-01-01", "2017-03-12")
            .resolve()
            .unwrap();
        spec.clone().edit_service("2020-01-01", "2017-03-13").rejects(&[
            "spec/cvm/v20170312/service.yaml: version: '2017-03-13' does not match the folder 'v20170312' (expected '2017-03-12')",
        ]);
        // A dated module segment in an undated folder.
        TestSpec::new()
            .edit_service("module: demo::v1", "module: demo::v20200102")
            .rejects(&["version: '2020-01-01' does not match the module 'v20200102'"]);
    }

    #[test]
    fn api3_versions_are_dates() {
        TestSpec::new()
            .edit_service("\"2020-01-01\"", "\"1\"")
            .rejects(&["version: '1' is not an API 3.0 version"]);
        TestSpec::new()
            .edit_service("\"2020-01-01\"", "\"2019-02-29\"")
            .rejects(&["'2019-02-29' is not an API 3.0 version"]);
        // Other protocols have no dated versions, unless their folder is dated.
        let no_output = |spec: TestSpec| {
            spec.edit_action(
                "CreateWidget",
                "    output: |\n      {\"Response\": {\"WidgetIds\": [\"w-1\"], \"RequestId\": \"r\"}}\n",
                "",
            )
        };
        no_output(TestSpec::new())
            .edit_service("protocol: tencent_api3", "protocol: qingcloud")
            .edit_service("\"2020-01-01\"", "\"1\"")
            .resolve()
            .unwrap();
        no_output(TestSpec::new())
            .dir("spec/demo/v20200101")
            .edit_service("protocol: tencent_api3", "protocol: tencent_legacy_v2")
            .edit_service("\"2020-01-01\"", "\"\"")
            .rejects(&["version: '' does not match the folder 'v20200101'"]);
    }

    #[test]
    fn module_paths() {
        for (module, why) in [
            ("demo::type", "'type' is a Rust keyword"),
            ("Demo::v1", "'Demo' is not a snake_case module name"),
            ("demo::1v", "'1v' is not a snake_case"),
            ("demo::", "'' is not a snake_case"),
            ("demo__x::v1", "'demo__x' is not a snake_case"),
            ("démo::v1", "'démo' is not a snake_case"),
            ("runtime::v1", "'runtime' is reserved at the crate root"),
            ("std", "'std' is reserved"),
            (
                "services::v1",
                "'services' is reserved at the crate root (src/services.rs is",
            ),
            (
                "lib::v1",
                "'lib' is reserved at the crate root (the crate root's file",
            ),
            ("demo::demo", "'demo' repeats its parent module"),
            ("main", "tests/examples/main.rs"),
        ] {
            TestSpec::new()
                .edit_service("module: demo::v1", &format!("module: \"{module}\""))
                .rejects(&["service.yaml: module:", why]);
        }
    }

    #[test]
    fn endpoint_and_regions() {
        for (from, to, expected) in [
            (
                "host: demo.example.com",
                "host: \"\"",
                "endpoint.host: must not be empty",
            ),
            (
                "host: demo.example.com",
                "host: https://demo.example.com/",
                "endpoint.host: 'https://demo.example.com/' is not a host name",
            ),
            (
                "\"demo.{region}.example.com\"",
                "\"demo.example.com\"",
                "endpoint.regional_host: must contain '{region}' exactly once",
            ),
            (
                "\"demo.{region}.example.com\"",
                "\"demo.{region}.{region}.com\"",
                "exactly once",
            ),
            (
                "  - name: ap-demo",
                "  - name: \"\"",
                "regions[0].name: '' is not a region name",
            ),
            (
                "  - name: ap-demo",
                "  - name: ap-demo\n  - name: ap-demo",
                "regions[1].name: duplicate region 'ap-demo'",
            ),
            (
                "errors:",
                "common_params:\n  - name: Action\n    type: String\n  - name: Action\n    type: String\nerrors:",
                "common_params[1]: duplicate common param 'Action'",
            ),
            (
                "name: demo\n",
                "name: \"\"\n",
                "service.yaml: name: '' is not a service name",
            ),
            ("title: Demo", "title: \"\"", "title: must not be empty"),
        ] {
            TestSpec::new().edit_service(from, to).rejects(&[expected]);
        }
        TestSpec::new()
            .edit_service("endpoint:\n", "endpoint:\n  path: v2\n")
            .rejects(&["endpoint.path: 'v2' is not a request path"]);
        TestSpec::new()
            .edit_service(
                "  regional_host: \"demo.{region}.example.com\"\n",
                "  regional_only: [ap-fsi]\n",
            )
            .rejects(&["endpoint.regional_only[0]: region 'ap-fsi' must use the regional host, but endpoint.regional_host is not set"]);
    }
}
