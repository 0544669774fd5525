//! Everything that lists the services, derived from the specs: the crate's module tree
//! (`src/services.rs`) and the text blocks xtask splices into hand-written files (the service
//! features of `Cargo.toml`, the service tables of the crate docs, the README and spec/README).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use crate::ir::{Ir, Protocol, Service};

/// `src/services.rs`: one `pub mod` per top-level module, compiled when any of its services'
/// features is on. `src/lib.rs` includes it.
pub fn module_tree(ir: &Ir) -> TokenStream {
    let mods = top_modules(ir).into_iter().map(|(name, services)| {
        let ident = format_ident!("{}", name);
        let features = features_of(&services);
        let cfg = if features.len() == 1 {
            let f = &features[0];
            quote! { #[cfg(feature = #f)] }
        } else {
            quote! { #[cfg(any( #( feature = #features ),* ))] }
        };
        quote! {
            #cfg
            pub mod #ident;
        }
    });
    quote! { #( #mods )* }
}

/// Services grouped by the first segment of their module path, in module order.
fn top_modules(ir: &Ir) -> BTreeMap<&str, Vec<&Service>> {
    let mut out: BTreeMap<&str, Vec<&Service>> = BTreeMap::new();
    for s in &ir.services {
        out.entry(s.module_path[0].as_str()).or_default().push(s);
    }
    out
}

/// The distinct features of some services, sorted.
fn features_of(services: &[&Service]) -> Vec<String> {
    let mut features: Vec<String> = services.iter().map(|s| s.feature.clone()).collect();
    features.sort();
    features.dedup();
    features
}

/// The `cfg` a child module needs inside a parent shared by services with different features.
pub fn child_cfg(feature: &str, siblings_differ: bool) -> TokenStream {
    if siblings_differ {
        quote! { #[cfg(feature = #feature)] }
    } else {
        quote! {}
    }
}

/// Runtime features a protocol needs besides the generated code (see generated-sdk/Cargo.toml).
fn protocol_features(protocol: Protocol) -> &'static [&'static str] {
    match protocol {
        Protocol::Qingcloud => &["protocol-qingcloud"],
        Protocol::TencentApi3 | Protocol::TencentLegacyV2 => &[],
    }
}

fn rust_path(s: &Service) -> String {
    format!("generated_sdk::{}", s.module_path.join("::"))
}

/// Maintainer text for one line of a table or a TOML comment: line breaks and control characters
/// become spaces and `|` is escaped, so no text can end the line, the cell or the comment.
fn one_line(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    flat.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .replace('|', "\\|")
}

/// Maintainer text for a Markdown table cell (the crate docs, the READMEs): one line, `|` escaped,
/// and nothing rustdoc would read as a link, HTML or an unclosed code span.
fn cell(text: &str) -> String {
    super::docs::sanitize(&one_line(text))
        .concat()
        .trim()
        .to_owned()
}

/// What a service is generated from, for tables: the title and counts, then the source.
fn contents(s: &Service) -> String {
    format!(
        "{}: {} action{}, {} data type{}",
        cell(&s.title),
        s.actions.len(),
        if s.actions.len() == 1 { "" } else { "s" },
        s.types.len(),
        if s.types.len() == 1 { "" } else { "s" },
    )
}

/// The service's source, and how many actions come from elsewhere.
fn sources(s: &Service) -> String {
    let main = cell(&s.source.describe());
    match s.actions.iter().filter(|a| a.source.is_some()).count() {
        0 => main,
        n => format!(
            "{main}; {n} action{} from other sources",
            if n == 1 { "" } else { "s" }
        ),
    }
}

/// The `[features]` lines of the services, one per feature, each with a `##` doc comment.
pub fn cargo_features(ir: &Ir) -> String {
    let mut by_feature: BTreeMap<&str, Vec<&Service>> = BTreeMap::new();
    for s in &ir.services {
        by_feature.entry(s.feature.as_str()).or_default().push(s);
    }
    let defaults: Vec<String> = by_feature
        .iter()
        .filter(|(_, services)| services.iter().any(|s| s.default_feature))
        .map(|(f, _)| format!("\"{f}\""))
        .collect();
    let mut out = format!(
        "## The services whose spec says `default_feature: true`.\ndefault-services = [{}]\n",
        defaults.join(", ")
    );
    for (feature, services) in by_feature {
        for s in &services {
            let version = if s.version.is_empty() {
                String::new()
            } else {
                format!(", version {}", s.version)
            };
            let title = one_line(&s.title);
            let _ = writeln!(out, "## {title}{}: {}", one_line(&version), rust_path(s));
        }
        let mut deps: Vec<&str> = services
            .iter()
            .flat_map(|s| protocol_features(s.protocol).iter().copied())
            .collect();
        deps.sort_unstable();
        deps.dedup();
        let deps: Vec<String> = deps.iter().map(|d| format!("\"{d}\"")).collect();
        let _ = writeln!(out, "{feature} = [{}]", deps.join(", "));
    }
    out
}

/// Markdown table of the services for the crate docs (no links: a module exists only with its feature).
pub fn crate_doc_table(ir: &Ir) -> String {
    let mut out = String::from("| module | feature | API |\n|---|---|---|\n");
    for s in &ir.services {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | {} |",
            s.module_path.join("::"),
            s.feature,
            cell(&format!("{}, version `{}`", s.title, s.shown_version()))
        );
    }
    out
}

/// Markdown table of the services for the workspace README.
pub fn readme_table(ir: &Ir) -> String {
    let mut out = String::from("| Spec | Module | Feature | Generated from |\n|---|---|---|---|\n");
    for s in &ir.services {
        let _ = writeln!(
            out,
            "| `{}` | `{}` | `{}` | {} ({}) |",
            s.spec_dir,
            rust_path(s),
            s.feature,
            contents(s),
            sources(s)
        );
    }
    out
}

/// Markdown table of the spec folders for spec/README.md (folders relative to spec/).
pub fn spec_readme_table(ir: &Ir) -> String {
    let mut out =
        String::from("| folder | module | feature | protocol | source |\n|---|---|---|---|---|\n");
    for s in &ir.services {
        let folder = s
            .spec_dir
            .split_once('/')
            .map_or(s.spec_dir.as_str(), |(_, rest)| rest);
        let protocol = match s.protocol {
            Protocol::TencentApi3 => "tencent_api3",
            Protocol::TencentLegacyV2 => "tencent_legacy_v2",
            Protocol::Qingcloud => "qingcloud",
        };
        let _ = writeln!(
            out,
            "| `{folder}` | `{}` | `{}` | `{protocol}` | {} |",
            s.module_path.join("::"),
            s.feature,
            sources(s)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::one_line;

    #[test]
    fn maintainer_text_stays_on_its_line() {
        assert_eq!(one_line("CVM\n[evil]\r\n= 1 | x\t"), "CVM [evil] = 1 \\| x");
        let cell = super::cell("Storage [CBS] | `beta <b>\n# x");
        assert!(!cell.contains('\n'), "{cell}");
        assert!(cell.contains("\\[CBS\\]") && cell.contains("\\|"), "{cell}");
    }
}
