//! Tencent Cloud's machine-readable service definitions, as the official command-line tool ships
//! them (`tccli/services/<service>/<version>/api.json` and `examples.json` in the `tccli` package
//! on PyPI), and the official Python SDK's per-service error codes
//! (`tencentcloud/<service>/<version>/errorcodes.py`). Read from files given on the command line;
//! nothing here touches the network.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::{bail, Context, Result};
use serde::Deserialize;

/// One service version's definitions.
#[derive(Debug, Clone)]
pub struct Definition {
    /// `metadata.serviceShortName`, e.g. `cvm`.
    pub service: String,
    /// `metadata.apiVersion`, e.g. `2017-03-12`.
    pub version: String,
    /// `metadata.serviceNameCN` (the only title the file has).
    pub title: String,
    pub actions: BTreeMap<String, Action>,
    /// Data types, requests and responses, by name.
    pub objects: BTreeMap<String, Object>,
    /// Doc examples per action (from `examples.json`, when given).
    pub examples: BTreeMap<String, Vec<Example>>,
    /// Every error code of the service (from `errorcodes.py`, when given), with its description.
    pub error_codes: Option<BTreeMap<String, String>>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Action {
    #[serde(default)]
    pub document: String,
    pub input: String,
    pub output: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Object {
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub members: Vec<Member>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Member {
    pub name: String,
    /// `string`, `int`, `float`, `bool`, `list`, `object`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The element type of a list, the type of an object, or the scalar's detail (`int64`,
    /// `uint64`, `datetime_iso`, ...).
    #[serde(default)]
    pub member: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub document: String,
    #[serde(default)]
    pub disabled: bool,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Example {
    #[serde(default)]
    pub title: String,
    /// An HTTP request as text: request line, headers, a blank line, the JSON body.
    #[serde(default)]
    pub input: String,
    /// The JSON response.
    #[serde(default)]
    pub output: String,
}

#[derive(Deserialize)]
struct ApiFile {
    metadata: Metadata,
    actions: BTreeMap<String, Action>,
    objects: BTreeMap<String, Object>,
}

#[derive(Deserialize)]
struct Metadata {
    #[serde(rename = "apiVersion")]
    api_version: String,
    #[serde(rename = "serviceShortName")]
    service_short_name: String,
    #[serde(rename = "serviceNameCN", default)]
    service_name_cn: String,
}

#[derive(Deserialize)]
struct ExamplesFile {
    actions: BTreeMap<String, Vec<Example>>,
}

/// The names that become folder and file names of drafts (`<service>/v<version>/actions/<Action>.yaml`)
/// must be plain names: a definition naming an action `../../x` must not write outside the spec folder.
fn check_names(api: &Path, file: &ApiFile) -> Result<()> {
    let metadata = &file.metadata;
    let service_ok = metadata
        .service_short_name
        .starts_with(|c: char| c.is_ascii_lowercase())
        && metadata
            .service_short_name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if !service_ok {
        bail!(
            "{}: metadata.serviceShortName {:?} is not a service name (lower-case ASCII letters, digits, '-' and '_')",
            api.display(),
            metadata.service_short_name
        );
    }
    let version = metadata.api_version.as_bytes();
    let version_ok = version.len() == 10
        && version.iter().enumerate().all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        });
    if !version_ok {
        bail!(
            "{}: metadata.apiVersion {:?} is not a date YYYY-MM-DD",
            api.display(),
            metadata.api_version
        );
    }
    let plain = |name: &str| {
        name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    };
    let actions: Vec<&String> = file.actions.keys().collect();
    let objects: Vec<&String> = file.objects.keys().collect();
    for (kind, names) in [("actions", actions), ("objects", objects)] {
        for name in names {
            if !plain(name) {
                bail!(
                    "{}: {kind} has {name:?}, which is not a name (ASCII letters, digits and '_', starting with a letter)",
                    api.display()
                );
            }
        }
    }
    Ok(())
}

impl Definition {
    /// Reads `api.json`, and `examples.json` and `errorcodes.py` when given.
    pub fn read(
        api: &Path,
        examples: Option<&Path>,
        error_codes: Option<&Path>,
    ) -> Result<Definition> {
        let text = std::fs::read_to_string(api)
            .with_context(|| format!("cannot read {}", api.display()))?;
        let file: ApiFile = serde_json::from_str(&text).with_context(|| {
            format!(
                "{} is not an official api.json (metadata, actions, objects)",
                api.display()
            )
        })?;
        check_names(api, &file)?;
        for (name, action) in &file.actions {
            for object in [&action.input, &action.output] {
                if !file.objects.contains_key(object) {
                    bail!(
                        "{}: action {name} names {object}, which is not among its objects",
                        api.display()
                    );
                }
            }
        }
        let examples = match examples {
            Some(path) => {
                let text = std::fs::read_to_string(path)
                    .with_context(|| format!("cannot read {}", path.display()))?;
                let file: ExamplesFile = serde_json::from_str(&text).with_context(|| {
                    format!("{} is not an official examples.json", path.display())
                })?;
                file.actions
            }
            None => BTreeMap::new(),
        };
        let error_codes = match error_codes {
            Some(path) => Some(read_error_codes(path)?),
            None => None,
        };
        Ok(Definition {
            service: file.metadata.service_short_name,
            version: file.metadata.api_version,
            title: file.metadata.service_name_cn,
            actions: file.actions,
            objects: file.objects,
            examples,
            error_codes,
        })
    }

    /// The members of an object (empty when it is not defined).
    pub fn members(&self, object: &str) -> &[Member] {
        self.objects
            .get(object)
            .map_or(&[][..], |o| o.members.as_slice())
    }

    /// The data types `action` uses, directly or through other data types, in first-use order.
    pub fn types_of(&self, action: &str) -> Vec<String> {
        let mut found = Vec::new();
        if let Some(a) = self.actions.get(action) {
            for object in [&a.input, &a.output] {
                self.collect_types(object, &mut found);
            }
        }
        found
    }

    fn collect_types(&self, object: &str, found: &mut Vec<String>) {
        for member in self.members(object) {
            if member.kind == "object"
                || (member.kind == "list" && self.objects.contains_key(&member.member))
            {
                let name = &member.member;
                if self.objects.contains_key(name) && !found.contains(name) {
                    found.push(name.clone());
                    self.collect_types(name, found);
                }
            }
        }
    }
}

impl Member {
    /// The spec type: `String`, `Integer`, `Float`, `Boolean`, `Timestamp`, a data type name, or
    /// `Array of` one of these.
    pub fn spec_type(&self) -> String {
        match self.kind.as_str() {
            "list" => format!("Array of {}", scalar(&self.member).unwrap_or(&self.member)),
            "object" => self.member.clone(),
            // A string's detail may say it is a time (`datetime_iso`); otherwise the kind decides.
            "string" => scalar(&self.member)
                .filter(|t| *t == "Timestamp")
                .unwrap_or("String")
                .to_owned(),
            other => scalar(other).unwrap_or("String").to_owned(),
        }
    }
}

/// The spec type of an official scalar name (a member's kind or detail, a list's element).
fn scalar(name: &str) -> Option<&'static str> {
    Some(match name {
        "string" => "String",
        "int" | "integer" | "int64" | "uint64" => "Integer",
        "float" | "double" => "Float",
        "bool" | "boolean" => "Boolean",
        "datetime" | "datetime_iso" | "timestamp" => "Timestamp",
        _ => return None,
    })
}

/// `errorcodes.py`: a comment describing the code, then `NAME = 'Code'`.
fn read_error_codes(path: &Path) -> Result<BTreeMap<String, String>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut codes = BTreeMap::new();
    let mut comment = String::new();
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix('#') {
            comment = rest.trim().to_owned();
            continue;
        }
        if let Some((_, value)) = line.split_once(" = ") {
            let code = value.trim().trim_matches(|c| c == '\'' || c == '"');
            if !code.is_empty()
                && code
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
            {
                codes.insert(code.to_owned(), std::mem::take(&mut comment));
            }
        }
    }
    if codes.is_empty() {
        bail!(
            "{}: no error codes found (expected lines `NAME = 'Code'`, as in the Python SDK's errorcodes.py)",
            path.display()
        );
    }
    Ok(codes)
}

/// Values a member's document lists as `<li>VALUE：meaning</li>` (or `VALUE: meaning`): the
/// value set the official definition documents, when it documents one.
pub fn documented_values(document: &str) -> Vec<String> {
    let mut values = Vec::new();
    for item in document.split("<li>").skip(1) {
        let item = item.trim_start();
        let end = item.find(['：', ':', '<', '（', '(']).unwrap_or(item.len());
        let value = item[..end].trim();
        let plausible = !value.is_empty()
            && value.len() <= 64
            && value
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
        if plausible && !values.iter().any(|v| v == value) {
            values.push(value.to_owned());
        }
    }
    values
}

/// Official HTML-ish documentation as Markdown text: paragraphs and breaks as line breaks, list
/// items as `- `, links as `[text](url)`, other tags dropped, entities decoded.
pub fn doc_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find('<') {
        out.push_str(&rest[..start]);
        let Some(end) = rest[start..].find('>') else {
            out.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let tag = &rest[start + 1..start + end];
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace())
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        let closing = tag.starts_with('/');
        match (name.as_str(), closing) {
            ("br" | "br/", _) | ("p" | "li", true) => out.push('\n'),
            ("li", false) => {
                if !out.ends_with('\n') {
                    out.push('\n');
                }
                out.push_str("- ");
            }
            ("a", false) => {
                let href = tag
                    .split("href=\"")
                    .nth(1)
                    .and_then(|h| h.split('"').next())
                    .unwrap_or_default();
                let text_end = rest[start + end + 1..]
                    .find("</a>")
                    .map(|i| start + end + 1 + i);
                if let (false, Some(text_end)) = (href.is_empty(), text_end) {
                    let text = &rest[start + end + 1..text_end];
                    out.push_str(&format!("[{}]({href})", strip_tags(text)));
                    rest = &rest[text_end + 4..];
                    continue;
                }
            }
            ("code", _) => out.push('`'),
            _ => {}
        }
        rest = &rest[start + end + 1..];
    }
    out.push_str(rest);
    let decoded = out
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&");
    let lines: Vec<&str> = decoded.lines().map(str::trim_end).collect();
    let mut text = String::new();
    let mut blank = false;
    for line in lines {
        if line.trim().is_empty() {
            blank = !text.is_empty();
            continue;
        }
        if blank {
            text.push_str("\n\n");
        } else if !text.is_empty() {
            text.push('\n');
        }
        blank = false;
        text.push_str(line.trim_start_matches(' '));
    }
    text
}

fn strip_tags(html: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for c in html.chars() {
        match c {
            '<' => inside = true,
            '>' => inside = false,
            c if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn doc_text_of_official_html() {
        let html = "<p>Billing <a href=\"https://example.com/2180\">type</a>.<br><li>PREPAID：prepaid</li><li>POSTPAID_BY_HOUR：hourly</li>Default: <code>POSTPAID_BY_HOUR</code> &amp; more.</p>";
        assert_eq!(
            doc_text(html),
            "Billing [type](https://example.com/2180).\n- PREPAID：prepaid\n- POSTPAID_BY_HOUR：hourly\nDefault: `POSTPAID_BY_HOUR` & more."
        );
        assert_eq!(documented_values(html), vec!["PREPAID", "POSTPAID_BY_HOUR"]);
        assert_eq!(
            documented_values("<li>true：keep</li><li>false：do not</li>"),
            vec!["true", "false"]
        );
        assert!(documented_values("no list here").is_empty());
    }

    #[test]
    fn types_map_to_spec_types() {
        let member = |kind: &str, detail: &str| Member {
            name: "X".into(),
            kind: kind.into(),
            member: detail.into(),
            required: false,
            document: String::new(),
            disabled: false,
        };
        assert_eq!(member("string", "string").spec_type(), "String");
        assert_eq!(member("int", "uint64").spec_type(), "Integer");
        assert_eq!(member("string", "datetime_iso").spec_type(), "Timestamp");
        assert_eq!(member("list", "string").spec_type(), "Array of String");
        assert_eq!(member("list", "Tag").spec_type(), "Array of Tag");
        assert_eq!(member("object", "Placement").spec_type(), "Placement");
        assert_eq!(member("bool", "bool").spec_type(), "Boolean");
    }
}
