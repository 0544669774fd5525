//! Spec prose -> rustdoc attributes that render cleanly and never trip rustdoc or clippy lints.
//!
//! The prose is Markdown-ish text transcribed from PDF API documents. [`sanitize`] parses it the
//! way rustdoc would (a forgiving subset of CommonMark) and writes it back as conservative
//! Markdown, so that whatever the input holds the generated code passes `cargo clippy -- -D
//! warnings`, `RUSTDOCFLAGS="-D warnings" cargo doc` and creates no doctest:
//!
//! - Input lines: `\r\n`, `\r` and Unicode line separators end lines; tabs become spaces (4-column
//!   stops); control, zero-width and bidirectional-control characters are dropped; trailing
//!   whitespace, leading and trailing blank lines and runs of blank lines go.
//! - Indentation never makes code: outside lists it is dropped, in lists it only decides nesting
//!   (a line belongs to an item when indented at least 2 columns past the item's marker).
//! - Lists (`-`, `*`, `+`, `1.`, `1)`) become `-` and `1.` items; nested items and continuation
//!   lines, lazy ones included, are indented to exactly their item's content column (clippy
//!   `doc_lazy_continuation`, `doc_overindented_list_items`). Blank lines inside lists stay. An
//!   ordered list that does not start at 1 gets a blank line before it when it follows a
//!   paragraph, and is kept as text when it opens the doc (callers may put a line before it).
//! - Code fences (```` ``` ```` or `~~~`, any info string, indented, in list items, unclosed) become
//!   ```` ```text ```` blocks, with a longer fence when the code holds backtick fences.
//! - Block quotes keep their `>` on every line, lazy continuation lines included; headings (ATX,
//!   setext) stay headings; thematic breaks become `***`; GFM tables (a header row followed by a
//!   delimiter row) stay tables and are set apart by blank lines.
//! - Inline: code spans are kept verbatim; unmatched backticks are escaped; `[`, `]`, `<`, `>`, `~`
//!   and entity-like `&...;` are escaped (no intra-doc links, HTML, strikethrough or entities);
//!   a backslash is kept only as an escape of ASCII punctuation; `<br>` breaks the line;
//!   `<code>..</code>` becomes a code span; `[text](url)` stays a link when `url` is absolute
//!   http(s) and becomes `text` otherwise; bare `http(s)://` URLs become `<url>` autolinks and
//!   `www.` addresses links (rustdoc `bare_urls`); `*` and `_` emphasis is left as written.
//! - A paragraph line never starts with what would open another block (`#`, `-`, `+`, `*`,
//!   `1.`, `=`, thematic breaks): that character is escaped.

use std::collections::HashMap;

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc = "..."]` lines for a doc text (Markdown from the spec).
pub fn doc_attrs(text: &str) -> TokenStream {
    let lines = sanitize(text);
    quote! { #( #[doc = #lines] )* }
}

/// Like [`doc_attrs`], followed by a paragraph of extra lines (already valid Markdown).
pub fn doc_attrs_with(text: &str, extra: &[String]) -> TokenStream {
    let mut lines = sanitize(text);
    if !extra.is_empty() {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(extra.iter().map(|l| format!(" {l}")));
    }
    quote! { #( #[doc = #lines] )* }
}

/// Each returned line starts with a space, as `///` comments do; blank lines are empty. Text
/// without anything visible gives no lines.
pub fn sanitize(text: &str) -> Vec<String> {
    let lines = input_lines(text);
    let mut writer = Writer::default();
    let mut i = 0;
    while i < lines.len() {
        i += writer.line(&lines[i], lines.get(i + 1).map(String::as_str));
    }
    writer.finish()
}

/// The input's lines: line breaks unified, tabs expanded, control and invisible characters
/// dropped, trailing whitespace trimmed.
fn input_lines(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut width = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' | '\n' | '\u{85}' | '\u{2028}' | '\u{2029}' => {
                if c == '\r' && chars.peek() == Some(&'\n') {
                    chars.next();
                }
                lines.push(line.trim_end().to_owned());
                line.clear();
                width = 0;
            }
            '\t' => {
                let n = 4 - width % 4;
                line.push_str(&" ".repeat(n));
                width += n;
            }
            '\u{b}' | '\u{c}' => {
                line.push(' ');
                width += 1;
            }
            c if c.is_control() || invisible(c) => {}
            c => {
                line.push(c);
                width += 1;
            }
        }
    }
    lines.push(line.trim_end().to_owned());
    lines
}

/// Zero-width, bidirectional-control and other invisible format characters (rustc denies the
/// bidirectional ones in comments; none of them shows in rendered docs).
fn invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{61c}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180b}'..='\u{180f}'
            | '\u{200b}'..='\u{200f}'
            | '\u{202a}'..='\u{202e}'
            | '\u{2060}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{1d173}'..='\u{1d17a}'
            | '\u{e0000}'..='\u{e0fff}'
    )
}

/// An open list item.
struct Item {
    /// Input indentation from which a line belongs to the item: 2 columns past its marker.
    threshold: usize,
    /// Output column of the item's content.
    col: usize,
}

/// The last block written, for the lines that may continue it.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
enum Last {
    #[default]
    Nothing,
    Para,
    /// A block quote paragraph, with its depth.
    Quote(usize),
    Table,
    Other,
}

/// An open code fence; its lines are written when it closes.
struct Fence {
    ch: char,
    len: usize,
    /// Input indentation of the fence: the code keeps its indentation relative to it.
    indent: usize,
    /// The list marker before the opening fence (a fence on an item's first line).
    marker: String,
    open_col: usize,
    col: usize,
    body: Vec<String>,
}

#[derive(Default)]
struct Writer {
    out: Vec<String>,
    items: Vec<Item>,
    last: Last,
    /// A blank input line since the last line written.
    blank: bool,
    /// A blank output line is due before the next line.
    gap: bool,
    fence: Option<Fence>,
    /// Output column of the open paragraph, quote or table.
    col: usize,
    /// Index in `out` of the open paragraph's first line, and whether it is a list item's line.
    para_start: usize,
    para_item: bool,
}

impl Writer {
    /// Takes one input line (two for a table's header and delimiter rows); returns how many.
    fn line(&mut self, raw: &str, next: Option<&str>) -> usize {
        if let Some(fence) = &mut self.fence {
            let t = raw.trim();
            if t.len() >= fence.len && t.chars().all(|c| c == fence.ch) {
                self.close_fence();
            } else {
                fence.body.push(raw.to_owned());
            }
            return 1;
        }
        let content = raw.trim_start();
        if content.is_empty() {
            self.blank = true;
            return 1;
        }
        let indent = raw.len() - raw.trim_start_matches(' ').len();
        let used = self.block_line(indent, content, next);
        self.blank = false;
        used
    }

    fn block_line(&mut self, indent: usize, content: &str, next: Option<&str>) -> usize {
        let kind = classify(content);
        let lazy = !self.blank;
        let plain = match kind {
            Kind::Text | Kind::Equals => true,
            Kind::Dashes(n) => n < 3,
            _ => false,
        };
        if matches!(kind, Kind::Text) && content.contains('|') {
            if lazy && self.last == Last::Table {
                self.table_row(content);
                return 1;
            }
            if let Some(delimiter) = next.filter(|n| delimiter_row(n)) {
                let (col, _) = self.open(indent, false);
                self.gap = true;
                self.col = col;
                self.table_row(content);
                // A leading pipe (optional) keeps a row like `- | -` from reading as a list item
                // should rustdoc not take the rows for a table.
                let delimiter = delimiter.trim();
                if delimiter.starts_with('|') {
                    self.push(col, delimiter);
                } else {
                    self.push(col, &format!("|{delimiter}"));
                }
                self.last = Last::Table;
                return 2;
            }
        }
        if lazy && self.last == Last::Para {
            // A setext underline makes the paragraph a heading; other text continues it, lazily
            // or not, at the paragraph's column.
            let setext = !self.para_item
                && self
                    .items
                    .last()
                    .is_none_or(|item| indent >= item.threshold);
            match kind {
                Kind::Equals if setext => return self.setext(1),
                Kind::Dashes(_) if setext => return self.setext(2),
                _ if plain => {
                    for line in text_lines(content) {
                        self.push(self.col, &line);
                    }
                    return 1;
                }
                _ => {}
            }
        }
        if let (true, true, Last::Quote(depth)) = (lazy, plain, self.last) {
            self.quote(self.col, depth, content);
            return 1;
        }
        match kind {
            Kind::Fence(ch, len) => {
                let (col, _) = self.open(indent, false);
                self.fence = Some(Fence {
                    ch,
                    len,
                    indent,
                    marker: String::new(),
                    open_col: col,
                    col,
                    body: Vec::new(),
                });
                self.last = Last::Other;
            }
            Kind::Quote => {
                let (col, _) = self.open(indent, false);
                let (depth, text) = quote_depth(content);
                if let Last::Quote(previous) = self.last {
                    if depth < previous && !self.gap {
                        // Ends the deeper quote, which would otherwise continue lazily.
                        self.push(col, "> ".repeat(depth).trim_end());
                    }
                }
                self.quote(col, depth, text);
            }
            Kind::Rule | Kind::Dashes(3..) => {
                let (col, _) = self.open(indent, false);
                self.gap = true;
                self.push(col, "***");
                self.last = Last::Other;
            }
            Kind::Heading(level, text) => {
                let (col, _) = self.open(indent, false);
                let text = inline(text, HEADING).join(" ");
                if text.is_empty() {
                    self.nothing();
                } else {
                    self.push(col, &format!("{} {text}", "#".repeat(level)));
                    self.last = Last::Other;
                }
            }
            Kind::Item {
                marker,
                one,
                rest,
                content: offset,
            } if one || !self.out.is_empty() => {
                let para = self.last == Last::Para && !self.blank;
                let (col, popped) = self.open(indent, true);
                if !one && popped.is_none() && para {
                    // An ordered list not starting at 1 cannot interrupt a paragraph.
                    self.gap = true;
                }
                let item_col = col + marker.len() + 1;
                self.items.push(Item {
                    threshold: indent + 2,
                    col: item_col,
                });
                if let Some((ch, len)) = fence_start(rest) {
                    self.fence = Some(Fence {
                        ch,
                        len,
                        indent: indent + offset,
                        marker: format!("{marker} "),
                        open_col: col,
                        col: item_col,
                        body: Vec::new(),
                    });
                    self.last = Last::Other;
                    return 1;
                }
                let lines = text_lines(rest);
                let Some((first, more)) = lines.split_first() else {
                    // Nothing visible: no item (an empty one would end a paragraph badly).
                    self.items.pop();
                    self.nothing();
                    return 1;
                };
                self.push(col, &format!("{marker} {first}"));
                self.para_start = self.out.len() - 1;
                for line in more {
                    self.push(item_col, line);
                }
                self.last = Last::Para;
                self.col = item_col;
                self.para_item = true;
            }
            _ => {
                // Paragraph text (also an ordered item not starting at 1 that opens the doc: a
                // caller may put a line before it, which would make it paragraph text anyway).
                let (col, _) = self.open(indent, false);
                let lines = text_lines(content);
                if lines.is_empty() {
                    self.nothing();
                }
                for (k, line) in lines.iter().enumerate() {
                    self.push(col, line);
                    if k == 0 {
                        self.para_start = self.out.len() - 1;
                        self.last = Last::Para;
                        self.col = col;
                        self.para_item = false;
                    }
                }
            }
        }
        1
    }

    /// Starts a block at input indentation `indent`: closes the list items it is not part of and
    /// returns its output column and the innermost item closed.
    fn open(&mut self, indent: usize, item: bool) -> (usize, Option<Item>) {
        let mut popped = None;
        while self.items.last().is_some_and(|top| indent < top.threshold) {
            popped = self.items.pop();
        }
        if self.blank || self.last == Last::Table || (popped.is_some() && !item) {
            self.gap = true;
        }
        (self.items.last().map_or(0, |i| i.col), popped)
    }

    /// A block that shows nothing still ends the paragraph or quote before it: a blank line
    /// keeps the next line from continuing it.
    fn nothing(&mut self) {
        self.gap = true;
        self.last = Last::Other;
    }

    /// The open paragraph, underlined: a heading.
    fn setext(&mut self, level: usize) -> usize {
        let text: Vec<String> = self
            .out
            .drain(self.para_start..)
            .map(|l| l.trim().to_owned())
            .collect();
        self.push(
            self.col,
            &format!("{} {}", "#".repeat(level), text.join(" ")),
        );
        self.last = Last::Other;
        1
    }

    fn quote(&mut self, col: usize, depth: usize, text: &str) {
        let prefix = "> ".repeat(depth);
        let lines = text_lines(text);
        if lines.is_empty() {
            self.push(col, prefix.trim_end());
        }
        for line in lines {
            self.push(col, &format!("{prefix}{line}"));
        }
        self.last = Last::Quote(depth);
        self.col = col;
    }

    fn table_row(&mut self, row: &str) {
        let text = escape_block_start(inline(row, TABLE).join(" "));
        if !text.is_empty() {
            self.push(self.col, &text);
        }
    }

    fn close_fence(&mut self) {
        let Some(fence) = self.fence.take() else {
            return;
        };
        self.last = Last::Other;
        let start = fence.body.iter().position(|l| !l.is_empty());
        let end = fence.body.iter().rposition(|l| !l.is_empty());
        let body = match (start, end) {
            (Some(start), Some(end)) => &fence.body[start..=end],
            _ => &[],
        };
        if body.is_empty() && fence.marker.is_empty() {
            self.nothing();
            return;
        }
        // Longer than any backtick run opening a code line, so no code line closes it.
        let ticks = body
            .iter()
            .map(|l| {
                let t = l.trim_start();
                t.len() - t.trim_start_matches('`').len()
            })
            .max()
            .unwrap_or(0)
            .max(2)
            + 1;
        let ticks = "`".repeat(ticks);
        self.push(fence.open_col, &format!("{}{ticks}text", fence.marker));
        for line in body {
            let n = line.len() - line.trim_start_matches(' ').len();
            if n == line.len() {
                self.out.push(String::new());
            } else {
                self.push(fence.col + n.saturating_sub(fence.indent), &line[n..]);
            }
        }
        self.push(fence.col, &ticks);
    }

    fn push(&mut self, col: usize, text: &str) {
        if self.gap && !self.out.is_empty() {
            self.out.push(String::new());
        }
        self.gap = false;
        self.out.push(format!(" {:col$}{text}", ""));
    }

    fn finish(mut self) -> Vec<String> {
        self.close_fence();
        while self.out.last().is_some_and(|l| l.trim().is_empty()) {
            self.out.pop();
        }
        self.out
    }
}

/// What an input line (without its indentation) starts.
enum Kind<'a> {
    Fence(char, usize),
    Quote,
    /// Only `-`: a setext underline, a thematic break (3 or more) or text.
    Dashes(usize),
    /// Only `=`: a setext underline or text.
    Equals,
    Rule,
    Heading(usize, &'a str),
    Item {
        marker: String,
        /// A bullet, or numbered 1: may interrupt a paragraph.
        one: bool,
        rest: &'a str,
        /// Offset of `rest` from the marker.
        content: usize,
    },
    Text,
}

fn classify(s: &str) -> Kind<'_> {
    if let Some((ch, len)) = fence_start(s) {
        return Kind::Fence(ch, len);
    }
    if s.starts_with('>') {
        return Kind::Quote;
    }
    if s.bytes().all(|b| b == b'-') {
        return Kind::Dashes(s.len());
    }
    if s.bytes().all(|b| b == b'=') {
        return Kind::Equals;
    }
    if thematic(s) {
        return Kind::Rule;
    }
    if let Some(level) = heading_level(s) {
        let mut text = s[level..].trim();
        let open = text.trim_end_matches('#');
        if open.is_empty() || open.ends_with(' ') {
            text = open.trim_end();
        }
        return Kind::Heading(level, text);
    }
    list_item(s).unwrap_or(Kind::Text)
}

fn fence_start(s: &str) -> Option<(char, usize)> {
    let ch = s.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = s.len() - s.trim_start_matches(ch).len();
    (len >= 3 && !(ch == '`' && s[len..].contains('`'))).then_some((ch, len))
}

fn thematic(s: &str) -> bool {
    let mut chars = s.chars().filter(|c| *c != ' ');
    let Some(first) = chars.next() else {
        return false;
    };
    matches!(first, '*' | '-' | '_') && chars.all(|c| c == first) && s.matches(first).count() >= 3
}

fn heading_level(s: &str) -> Option<usize> {
    let level = s.len() - s.trim_start_matches('#').len();
    ((1..=6).contains(&level) && matches!(s.as_bytes().get(level), None | Some(b' ')))
        .then_some(level)
}

fn list_item(s: &str) -> Option<Kind<'_>> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    let (marker, one, width) = match s.as_bytes().first()? {
        b'-' | b'*' | b'+' => ("-".to_owned(), true, 1),
        _ if (1..=9).contains(&digits) && matches!(s.as_bytes().get(digits), Some(b'.' | b')')) => {
            let number = &s[..digits];
            (format!("{number}."), number.parse() == Ok(1u32), digits + 1)
        }
        _ => return None,
    };
    let after = &s[width..];
    let rest = after.trim_start();
    if !after.starts_with(' ') || rest.is_empty() {
        return None;
    }
    Some(Kind::Item {
        marker,
        one,
        rest,
        content: s.len() - rest.len(),
    })
}

fn quote_depth(mut s: &str) -> (usize, &str) {
    let mut depth = 0;
    while let Some(rest) = s.strip_prefix('>') {
        depth += 1;
        s = rest.trim_start_matches(' ');
    }
    (depth.min(8), s.trim_start())
}

fn delimiter_row(s: &str) -> bool {
    let t = s.trim();
    t.contains('|') && t.contains('-') && t.chars().all(|c| matches!(c, '|' | '-' | ':' | ' '))
}

/// Paragraph lines for one input line: inline Markdown, broken at `<br>`, each escaped so it
/// does not open another block.
fn text_lines(text: &str) -> Vec<String> {
    inline(text, PARA)
        .into_iter()
        .map(escape_block_start)
        .collect()
}

/// Escapes what would make a line open a block instead of continuing a paragraph.
fn escape_block_start(line: String) -> String {
    let b = line.as_bytes();
    let Some(&first) = b.first() else {
        return line;
    };
    let at = match first {
        b'#' => heading_level(&line).map(|_| 0),
        b'-' | b'+' | b'*'
            if matches!(b.get(1), None | Some(b' '))
                || thematic(&line)
                || b.iter().all(|&c| c == first) =>
        {
            Some(0)
        }
        b'=' if b.iter().all(|&c| c == b'=') => Some(0),
        b'_' if thematic(&line) => Some(0),
        b'0'..=b'9' => {
            let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
            (d <= 9
                && matches!(b.get(d), Some(b'.' | b')'))
                && matches!(b.get(d + 1), None | Some(b' ')))
            .then_some(d)
        }
        _ => None,
    };
    match at {
        Some(at) => format!("{}\\{}", &line[..at], &line[at..]),
        None => line,
    }
}

/// Where inline text sits: whether `<br>` breaks the line, whether links and URLs are made
/// (not inside a link's text), whether it is a table row.
#[derive(Clone, Copy)]
struct Ctx {
    breaks: bool,
    links: bool,
    table: bool,
}

const PARA: Ctx = Ctx {
    breaks: true,
    links: true,
    table: false,
};
const HEADING: Ctx = Ctx {
    breaks: false,
    links: true,
    table: false,
};
const TABLE: Ctx = Ctx {
    breaks: false,
    links: true,
    table: true,
};

/// The inline Markdown of one line, escaped: lines (split at `<br>` when `ctx.breaks`), trimmed,
/// without empty ones.
fn inline(src: &str, ctx: Ctx) -> Vec<String> {
    let spans = CodeSpans::new(src);
    let last_bracket = src.rfind(']');
    let mut lines = Vec::new();
    let mut out = String::with_capacity(src.len() + 8);
    let mut i = 0;
    while let Some(c) = src[i..].chars().next() {
        let rest = &src[i..];
        i += match c {
            '\\' => match rest[1..].chars().next() {
                Some('`') => {
                    // An escaped backtick escapes its whole run: no code span starts inside it.
                    let n = run(&rest[1..], b'`');
                    out.push_str(&"\\`".repeat(n));
                    1 + n
                }
                Some(p) if p.is_ascii_punctuation() => {
                    out.push('\\');
                    out.push(p);
                    2
                }
                _ => {
                    out.push_str("\\\\");
                    1
                }
            },
            '`' => {
                let n = run(rest, b'`');
                match spans.close(i + n, n) {
                    Some(end) => {
                        let code = &src[i..end];
                        if ctx.table {
                            out.push_str(&code.replace('|', "\\|"));
                        } else {
                            out.push_str(code);
                        }
                        end - i
                    }
                    None => {
                        out.push_str(&"\\`".repeat(n));
                        n
                    }
                }
            }
            '<' => {
                if let Some(n) = br_tag(rest) {
                    if ctx.breaks {
                        lines.push(std::mem::take(&mut out));
                    } else {
                        out.push(' ');
                    }
                    n
                } else if let Some((n, code)) = code_tag(rest, ctx.table) {
                    out.push_str(&code);
                    n
                } else if let Some(n) = autolink(rest).filter(|_| ctx.links) {
                    out.push_str(&rest[..n]);
                    n
                } else {
                    out.push_str("\\<");
                    1
                }
            }
            '[' | '!' if ctx.links => {
                let image = usize::from(c == '!');
                let found = if rest[image..].starts_with('[') && last_bracket > Some(i) {
                    link(&rest[image..], &spans, i + image)
                } else {
                    None
                };
                match found {
                    Some((n, text, dest)) => {
                        push_link(&mut out, text, dest, ctx);
                        image + n
                    }
                    None if image == 1 => {
                        out.push('!');
                        1
                    }
                    None => {
                        out.push_str("\\[");
                        1
                    }
                }
            }
            '[' | ']' | '>' | '~' => {
                out.push('\\');
                out.push(c);
                1
            }
            '|' if ctx.table && !ctx.links => {
                out.push_str("\\|");
                1
            }
            '&' if entity_like(rest) => {
                out.push_str("\\&");
                1
            }
            'h' | 'H' if ctx.links && bare_url(rest).is_some() => {
                let (n, url) = bare_url(rest).unwrap_or_default();
                out.push('<');
                out.push_str(&url);
                out.push('>');
                n
            }
            'w' | 'W' if ctx.links && www(src, i).is_some() => {
                let (n, host) = www(src, i).unwrap_or_default();
                out.push('[');
                for ch in host.chars() {
                    if ch.is_ascii_punctuation() && !matches!(ch, '.' | '/' | ':' | '-' | '=') {
                        out.push('\\');
                    }
                    out.push(ch);
                }
                out.push_str("](http://");
                out.push_str(&host);
                out.push(')');
                n
            }
            _ => {
                out.push(c);
                c.len_utf8()
            }
        };
    }
    lines.push(out);
    lines
        .into_iter()
        .map(|l| l.trim().to_owned())
        .filter(|l| !l.is_empty())
        .collect()
}

/// How far to look ahead for the end of a link, tag or address (bounds the work on long lines).
const MAX_SCAN: usize = 4096;

fn run(s: &str, c: u8) -> usize {
    s.bytes().take_while(|&b| b == c).count()
}

/// The backtick runs of a line, to find where a code span closes.
struct CodeSpans {
    /// Start offsets of the runs of each length.
    runs: HashMap<usize, Vec<usize>>,
}

impl CodeSpans {
    fn new(s: &str) -> Self {
        let mut runs: HashMap<usize, Vec<usize>> = HashMap::new();
        let b = s.as_bytes();
        let mut i = 0;
        while i < b.len() {
            let n = b[i..].iter().take_while(|&&c| c == b'`').count();
            if n > 0 {
                runs.entry(n).or_default().push(i);
                i += n;
            } else {
                i += 1;
            }
        }
        Self { runs }
    }

    /// The end of the code span opened by `n` backticks ending at offset `from`.
    fn close(&self, from: usize, n: usize) -> Option<usize> {
        let starts = self.runs.get(&n)?;
        starts
            .get(starts.partition_point(|&s| s < from))
            .map(|s| s + n)
    }
}

/// `<br>`, `<br/>`, `<br />`, `</br>` (any case): its length.
fn br_tag(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 1 + usize::from(b.get(1) == Some(&b'/'));
    if !s.get(i..i + 2)?.eq_ignore_ascii_case("br") {
        return None;
    }
    i += 2;
    i += run(&s[i..], b' ');
    i += usize::from(b.get(i) == Some(&b'/'));
    (b.get(i) == Some(&b'>')).then_some(i + 1)
}

/// `<code>..</code>` on one line: its length and the code span for it.
fn code_tag(s: &str, table: bool) -> Option<(usize, String)> {
    if !s.get(..6)?.eq_ignore_ascii_case("<code>") {
        return None;
    }
    let tail = &s.as_bytes()[6..];
    let inner_len = tail[..tail.len().min(MAX_SCAN)]
        .windows(7)
        .position(|w| w.eq_ignore_ascii_case(b"</code>"))?;
    let inner = &s[6..6 + inner_len];
    let mut code = inner.to_owned();
    for (entity, c) in [
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&nbsp;", " "),
        ("&amp;", "&"),
    ] {
        code = code.replace(entity, c);
    }
    let code = code.trim();
    let mut span = String::new();
    if !code.is_empty() {
        let longest = code.split(|c| c != '`').map(str::len).max().unwrap_or(0);
        let ticks = "`".repeat(longest + 1);
        let pad = if code.starts_with('`') || code.ends_with('`') {
            " "
        } else {
            ""
        };
        let code = if table {
            code.replace('|', "\\|")
        } else {
            code.to_owned()
        };
        span = format!("{ticks}{pad}{code}{pad}{ticks}");
    }
    Some((6 + inner_len + 7, span))
}

/// A CommonMark autolink `<http(s)://...>`: its length.
fn autolink(s: &str) -> Option<usize> {
    if !s.get(1..5)?.eq_ignore_ascii_case("http") {
        return None;
    }
    let end = s.bytes().take(MAX_SCAN).position(|b| b == b'>')?;
    let inner = &s[1..end];
    let valid = absolute(inner)
        && inner
            .bytes()
            .all(|b| b.is_ascii_graphic() && !matches!(b, b'<' | b'`' | b'|'));
    valid.then_some(end + 1)
}

/// An absolute `http(s)://` URL with something after the scheme.
fn absolute(url: &str) -> bool {
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let scheme = if lower.starts_with("https://") {
        8
    } else if lower.starts_with("http://") {
        7
    } else {
        return false;
    };
    url[scheme..].bytes().any(|b| b.is_ascii_alphanumeric())
}

/// A bare `http(s)://` URL: its length in `s` and the URL (backslash escapes resolved, trailing
/// punctuation left out).
fn bare_url(s: &str) -> Option<(usize, String)> {
    if !s.get(..4)?.eq_ignore_ascii_case("http") {
        return None;
    }
    // The scheme first, so that text like "httphttp..." costs no scan to its end.
    let head = url_extent(s, 8).1.to_ascii_lowercase();
    if !head.starts_with("http://") && !head.starts_with("https://") {
        return None;
    }
    let (n, url) = url_extent(s, usize::MAX);
    absolute(&url).then_some((n, url))
}

/// A `www.` address at a word start: its length and the address.
fn www(src: &str, i: usize) -> Option<(usize, String)> {
    let prev = src[..i].chars().next_back();
    if prev.is_some_and(|p| {
        p.is_alphanumeric() || (p.is_ascii_punctuation() && !"([{\"'*_".contains(p))
    }) {
        return None;
    }
    let s = &src[i..];
    if !s.get(..4)?.eq_ignore_ascii_case("www.") {
        return None;
    }
    let (n, host) = url_extent(s, MAX_SCAN);
    let name = host.get(4..)?;
    let valid = name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .split_once('.')
            .is_some_and(|(_, tld)| tld.starts_with(|c: char| c.is_ascii_alphanumeric()));
    valid.then_some((n, host))
}

/// The URL characters at the start of `s` (at most `limit`), with backslash escapes resolved and
/// trailing punctuation and unbalanced `)` left out: their length in `s` and the URL.
fn url_extent(s: &str, limit: usize) -> (usize, String) {
    let url_char = |b: u8| {
        b.is_ascii_graphic()
            && !matches!(
                b,
                b'<' | b'>' | b'"' | b'`' | b'|' | b'[' | b']' | b'{' | b'}' | b'^' | b'\\'
            )
    };
    let b = s.as_bytes();
    let mut url = String::new();
    let mut ends = Vec::new();
    let mut i = 0;
    while i < b.len() && url.len() < limit {
        let (c, n) = match b[i] {
            b'\\'
                if b.get(i + 1)
                    .is_some_and(|&c| url_char(c) && c.is_ascii_punctuation()) =>
            {
                (b[i + 1], 2)
            }
            c if url_char(c) => (c, 1),
            _ => break,
        };
        url.push(char::from(c));
        i += n;
        ends.push(i);
    }
    loop {
        match url.as_bytes().last() {
            Some(b'.' | b',' | b':' | b';' | b'!' | b'\'' | b'*' | b'_' | b'~') => {}
            Some(b')') if url.matches('(').count() < url.matches(')').count() => {}
            _ => break,
        }
        url.pop();
        ends.pop();
    }
    (ends.last().copied().unwrap_or(0), url)
}

/// `&name;` or `&#123;`: would render as the character it names.
fn entity_like(s: &str) -> bool {
    let body = &s.as_bytes()[1..];
    let n = body
        .iter()
        .take(40)
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'#')
        .count();
    n > 0 && body.get(n) == Some(&b';')
}

/// `[text](destination "title")` at the start of `s` (at offset `base` of the line): its length,
/// text and destination.
fn link<'a>(s: &'a str, spans: &CodeSpans, base: usize) -> Option<(usize, &'a str, &'a str)> {
    let b = s.as_bytes();
    let mut depth = 0;
    let mut i = 1;
    let close = loop {
        if i > MAX_SCAN / 4 {
            return None;
        }
        match *b.get(i)? {
            b'\\' => i += 2,
            b'`' => {
                let n = run(&s[i..], b'`');
                i = spans.close(base + i + n, n).map_or(i + n, |end| end - base);
            }
            b'[' => {
                depth += 1;
                i += 1;
            }
            b']' if depth == 0 => break i,
            b']' => {
                depth -= 1;
                i += 1;
            }
            _ => i += 1,
        }
    };
    let text = &s[1..close];
    let after = s[close + 1..].strip_prefix('(')?;
    let after = after.trim_start_matches(' ');
    let (dest, after) = if let Some(inner) = after.strip_prefix('<') {
        let end = inner.get(..MAX_SCAN).unwrap_or(inner).find(['<', '>'])?;
        (inner.get(..end)?, inner[end..].strip_prefix('>')?)
    } else {
        let ab = after.as_bytes();
        let mut parens = 0;
        let mut j = 0;
        loop {
            if j > MAX_SCAN {
                return None;
            }
            match *ab.get(j)? {
                b'\\' => j += 2,
                b'(' => {
                    parens += 1;
                    j += 1;
                }
                b')' if parens == 0 => break,
                b')' => {
                    parens -= 1;
                    j += 1;
                }
                b' ' => break,
                _ => j += 1,
            }
        }
        (after.get(..j)?, &after[j..])
    };
    let mut after = after.trim_start_matches(' ');
    if let Some(quote) = after
        .chars()
        .next()
        .filter(|c| matches!(c, '"' | '\'' | '('))
    {
        let closing = if quote == '(' { ')' } else { quote };
        let end = after[1..].find(closing)?;
        after = after[end + 2..].trim_start_matches(' ');
    }
    let after = after.strip_prefix(')')?;
    Some((s.len() - after.len(), text, dest))
}

/// A link to an absolute http(s) URL stays a link (an autolink when it has no text of its own);
/// any other link becomes its text.
fn push_link(out: &mut String, text: &str, dest: &str, ctx: Ctx) {
    let mut raw = String::new();
    let mut chars = dest.trim().chars();
    while let Some(c) = chars.next() {
        raw.push(match c {
            '\\' => chars
                .next()
                .filter(char::is_ascii_punctuation)
                .unwrap_or('\\'),
            c => c,
        });
    }
    // Balanced parentheses may stay in a link destination; others are percent-encoded, as are
    // the characters that would end it or split a table cell.
    let mut depth = 0usize;
    let balanced = raw.chars().all(|c| match c {
        '(' => {
            depth += 1;
            true
        }
        ')' => depth.checked_sub(1).map(|d| depth = d).is_some(),
        _ => true,
    }) && depth == 0;
    let mut url = String::new();
    for c in raw.chars() {
        match c {
            '(' | ')' if balanced => url.push(c),
            ' ' | '<' | '>' | '(' | ')' | '\\' | '|' | '`' | '"' | '[' | ']' | '{' | '}' | '^' => {
                url.push_str(&format!("%{:02X}", u32::from(c)));
            }
            c => url.push(c),
        }
    }
    if !absolute(&url) {
        out.push_str(
            &inline(
                text,
                Ctx {
                    breaks: false,
                    ..ctx
                },
            )
            .join(" "),
        );
        return;
    }
    let label = inline(
        text,
        Ctx {
            breaks: false,
            links: false,
            table: ctx.table,
        },
    )
    .join(" ");
    if label.is_empty() || text.trim() == dest.trim() {
        out.push('<');
        out.push_str(&url);
        out.push('>');
    } else {
        out.push('[');
        out.push_str(&label);
        out.push_str("](");
        out.push_str(&url);
        out.push(')');
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<String> {
        sanitize(text)
    }

    #[test]
    fn escapes_links_html_and_urls() {
        let lines = sanitize("Range [1, 100]; see https://x.y/z. Code `a[0]` <b>\n    indented");
        assert_eq!(
            lines[0],
            r" Range \[1, 100\]; see <https://x.y/z>. Code `a[0]` \<b\>"
        );
        assert_eq!(lines[1], " indented");
    }

    #[test]
    fn fences_become_text() {
        let lines = sanitize("```\nFilters.0.Name=zone\n```");
        assert_eq!(lines, vec![" ```text", " Filters.0.Name=zone", " ```"]);
    }

    #[test]
    fn nothing_visible_gives_no_lines() {
        for text in [
            "",
            "   ",
            "\n\n  \n\t\n",
            "\r\n\r\n",
            "\u{200b}\u{feff}\u{2060}\u{202e}",
            " \u{a0} \u{3000} ",
            "\u{0}\u{1b}\u{7f}",
            "<br><br/>",
            "```\n\n```",
            "```",
            "#",
        ] {
            assert!(lines(text).is_empty(), "{text:?}: {:?}", lines(text));
        }
    }

    #[test]
    fn lists_stay_lists_with_exact_indentation() {
        assert_eq!(lines("* a\n+ b\n- c"), [" - a", " - b", " - c"]);
        assert_eq!(lines("1) one\n2) two"), [" 1. one", " 2. two"]);
        // Lazy continuation lines are indented to the item's content (doc_lazy_continuation).
        assert_eq!(
            lines("Intro:\n- a\nlazy a\n- b\n  more b\n1. one\nlazy one"),
            [
                " Intro:",
                " - a",
                "   lazy a",
                " - b",
                "   more b",
                " 1. one",
                "    lazy one"
            ]
        );
        // Nesting by indentation; over-indented children and text are pulled back
        // (doc_overindented_list_items).
        assert_eq!(
            lines("- a\n  - b\n      - c\n          lazy c\n  - d\n- e"),
            [
                " - a",
                "   - b",
                "     - c",
                "       lazy c",
                "   - d",
                " - e"
            ]
        );
        // Two-space children of numbered items still nest.
        assert_eq!(
            lines("1. a\n  - child\n  text"),
            [" 1. a", "    - child", "      text"]
        );
        // Blank lines inside a list; a paragraph after it.
        assert_eq!(
            lines("- a\n\n\n- b\n\n  para in b\n\nout of list"),
            [" - a", "", " - b", "", "   para in b", "", " out of list"]
        );
        // A task list's brackets and markers inside an item are text.
        assert_eq!(
            lines("- [ ] task\n- - x\n- # h\n- 1. y"),
            [r" - \[ \] task", r" - \- x", r" - \# h", r" - 1\. y"]
        );
    }

    #[test]
    fn ordered_lists_not_starting_at_one() {
        // Cannot interrupt a paragraph: a blank line makes it a list.
        assert_eq!(
            lines("Text\n2. two\n3. three"),
            [" Text", "", " 2. two", " 3. three"]
        );
        // Opening the doc it stays text (callers may put a line before the doc), so what follows
        // a blank line cannot become an indented code block.
        assert_eq!(
            lines("10. ten\n11. eleven\n    continued\n\n    after blank"),
            [
                r" 10\. ten",
                "",
                " 11. eleven",
                "     continued",
                "",
                "     after blank"
            ]
        );
        assert_eq!(
            lines("123456789. big\n\n           after"),
            [r" 123456789\. big", "", " after"]
        );
    }

    #[test]
    fn empty_markers_are_text() {
        assert_eq!(lines("-"), [r" \-"]);
        assert_eq!(lines("*\n1."), [r" \*", r" 1\."]);
        assert_eq!(lines("-item\n1.item"), [" -item", " 1.item"]);
        assert_eq!(lines("a\n- <br>\nb"), [" a", "", " b"]);
    }

    #[test]
    fn fences_of_any_kind_become_text_blocks() {
        for fence in [
            "```json",
            "```rust",
            "``` rust,should_panic",
            "```compile_fail",
            "~~~",
            "~~~rust",
        ] {
            let close = &fence[..3];
            assert_eq!(
                lines(&format!("{fence}\nfn main() {{ panic!() }}\n{close}")),
                [" ```text", " fn main() { panic!() }", " ```"],
                "{fence}"
            );
        }
        // A longer fence when the code holds a backtick fence.
        assert_eq!(
            lines("~~~\nlet x = 1;\n```\n~~~"),
            [" ````text", " let x = 1;", " ```", " ````"]
        );
        assert_eq!(
            lines("````\n```\nnested\n```\n````"),
            [" ````text", " ```", " nested", " ```", " ````"]
        );
        // Unclosed: closed at the end.
        assert_eq!(
            lines("```rust\nfn f() {}"),
            [" ```text", " fn f() {}", " ```"]
        );
        // Indented fences; relative indentation and tabs inside the code.
        assert_eq!(
            lines("    ```rust\n    fn main() {\n    \tpanic!();\n    }\n    ```"),
            [" ```text", " fn main() {", "     panic!();", " }", " ```"]
        );
        // A backtick run with backticks after it is not a fence.
        assert_eq!(lines("```inline``` text"), [" ```inline``` text"]);
    }

    #[test]
    fn fences_in_lists() {
        assert_eq!(
            lines("1. step\n   ```\n   code\n\n     more\n   ```\n   after\n2. next"),
            [
                " 1. step",
                "    ```text",
                "    code",
                "",
                "      more",
                "    ```",
                "    after",
                " 2. next"
            ]
        );
        assert_eq!(
            lines("- ```rust\n  fn main() {}\n  ```"),
            [" - ```text", "   fn main() {}", "   ```"]
        );
        // A fence at column 0 ends the list.
        assert_eq!(
            lines("- item\n```\ncode\n```\ntext"),
            [" - item", "", " ```text", " code", " ```", " text"]
        );
    }

    #[test]
    fn indentation_never_makes_a_code_block() {
        assert_eq!(
            lines("    indented?\n        more\n\n    fn main() { panic!() }"),
            [" indented?", " more", "", " fn main() { panic!() }"]
        );
        assert_eq!(
            lines("- item\n\n        fn main() { panic!() }"),
            [" - item", "", "   fn main() { panic!() }"]
        );
        assert_eq!(lines(">     quoted"), [" > quoted"]);
    }

    #[test]
    fn html() {
        assert_eq!(
            lines("one<br>two<br/>three<BR />four</br>five"),
            [" one", " two", " three", " four", " five"]
        );
        // A `<br>` never makes a block.
        assert_eq!(
            lines("- item<br>- not an item<br># not a heading"),
            [" - item", r"   \- not an item", r"   \# not a heading"]
        );
        assert_eq!(lines("# Title<br>more"), [" # Title more"]);
        assert_eq!(
            lines("<b>bold</b> <table><tr><td>a</td></tr></table> unclosed <p"),
            [r" \<b\>bold\</b\> \<table\>\<tr\>\<td\>a\</td\>\</tr\>\</table\> unclosed \<p"]
        );
        assert_eq!(
            lines("a < b > c, x<=5, Vec<u8>, <!-- comment"),
            [r" a \< b \> c, x\<=5, Vec\<u8\>, \<!-- comment"]
        );
        assert_eq!(
            lines("<code>Filters.N</code>, <CODE>&lt;a&gt;</CODE>, <code>`x`</code>"),
            [" `Filters.N`, `<a>`, `` `x` ``"]
        );
        assert_eq!(
            lines("<https://x.y/auto> <mailto:a@b.c> <a@b.c>"),
            [r" <https://x.y/auto> \<mailto:a@b.c\> \<a@b.c\>"]
        );
    }

    #[test]
    fn comment_markers_quotes_and_backslashes() {
        assert_eq!(
            lines("*/ closes /* opens */ and //! ///! /**"),
            [" */ closes /* opens */ and //! ///! /**"]
        );
        assert_eq!(lines("!not inner\n/ slash"), [" !not inner", " / slash"]);
        assert_eq!(
            lines("\"double\" 'single' \"unbalanced"),
            [" \"double\" 'single' \"unbalanced"]
        );
        // A backslash stays only as an escape of ASCII punctuation; never a hard break.
        assert_eq!(
            lines(r"C:\Program Files\ and \* \_ \` \[ \\ end\"),
            [r" C:\\Program Files\\ and \* \_ \` \[ \\ end\\"]
        );
    }

    #[test]
    fn backticks() {
        assert_eq!(lines("unbalanced `code"), [r" unbalanced \`code"]);
        assert_eq!(lines("a ` b `` c"), [r" a \` b \`\` c"]);
        assert_eq!(
            lines("``double `tick` code`` and `` ` ``"),
            [" ``double `tick` code`` and `` ` ``"]
        );
        // Code spans are verbatim.
        assert_eq!(
            lines("`[not a link]` `<b>` `https://x.y` `*/`"),
            [" `[not a link]` `<b>` `https://x.y` `*/`"]
        );
        // A backslash is literal in a code span; an escaped backtick opens none.
        assert_eq!(lines(r"`a\`b`"), [r" `a\`b\`"]);
        assert_eq!(lines(r"\``code`"), [r" \`\`code\`"]);
    }

    #[test]
    fn brackets_and_links() {
        assert_eq!(
            lines("[x] [1, 100] [^1] [a][b] [Foo] [`Vec`] [crate::x]"),
            [r" \[x\] \[1, 100\] \[^1\] \[a\]\[b\] \[Foo\] \[`Vec`\] \[crate::x\]"]
        );
        assert_eq!(
            lines("[text](https://x.y/p) [rel](/doc/213) [anchor](#x) [mail](mailto:a@b.c)"),
            [" [text](https://x.y/p) rel anchor mail"]
        );
        assert_eq!(
            lines("[](https://x.y) [https://x.y](https://x.y) [t](<https://x.y/a b> \"title\")"),
            [" <https://x.y> <https://x.y> [t](https://x.y/a%20b)"]
        );
        assert_eq!(
            lines("[t](https://x.y/a(b)c) [a [n] `c`](https://x.y) ![img](https://x.y/i.png) ![rel](i.png)"),
            [r" [t](https://x.y/a(b)c) [a \[n\] `c`](https://x.y) [img](https://x.y/i.png) rel"]
        );
        // Reference definitions and footnotes are text (doc_nested_refdefs).
        assert_eq!(
            lines("[a]: https://x.y\n\n- [b]: https://x.y\n\n> [c]: /rel\n\n[^1]: note"),
            [
                r" \[a\]: <https://x.y>",
                "",
                r" - \[b\]: <https://x.y>",
                "",
                r" > \[c\]: /rel",
                "",
                r" \[^1\]: note"
            ]
        );
    }

    #[test]
    fn headings() {
        assert_eq!(lines("# Title\ntext"), [" # Title", " text"]);
        assert_eq!(
            lines("## Two ##\n###### Six\n####### Seven\n#hashtag # C#"),
            [" ## Two", " ###### Six", " ####### Seven", " #hashtag # C#"]
        );
        assert_eq!(
            lines("Setext\n===\nSetext two\n---\ntext"),
            [" # Setext", " ## Setext two", " text"]
        );
        assert_eq!(lines("=\n=="), [r" # \="]);
        // A thematic break, never a setext underline.
        assert_eq!(lines("- item\n---"), [" - item", "", " ***"]);
        assert_eq!(lines("***\n___\n* * *"), [" ***", "", " ***", "", " ***"]);
        assert_eq!(lines("a\n===\n- b\n  ==="), [" # a", " - b", r"   \==="]);
    }

    #[test]
    fn block_quotes() {
        // Lazy lines get their `>` (doc_lazy_continuation).
        assert_eq!(lines("> quote\nlazy"), [" > quote", " > lazy"]);
        // Back from a nested quote: a blank quote line, or the line would continue it.
        assert_eq!(
            lines("> a\n> > nested\n> back"),
            [" > a", " > > nested", " >", " > back"]
        );
        assert_eq!(
            lines("> - x\n> ```\n> # h"),
            [r" > \- x", r" > \`\`\`", r" > \# h"]
        );
        assert_eq!(
            lines("- item\n  > quote\n  lazy\n- next"),
            [" - item", "   > quote", "   > lazy", " - next"]
        );
        assert_eq!(lines("text\n>"), [" text", " >"]);
        // A block that shows nothing (an empty heading, fence or item) still ends the quote.
        assert_eq!(lines("> q\n###\n="), [" > q", "", r" \="]);
        assert_eq!(lines("> q\n```\n```\nx"), [" > q", "", " x"]);
        assert_eq!(lines("text\n- <br>\n="), [" text", "", r" \="]);
    }

    #[test]
    fn tables() {
        assert_eq!(
            lines("Intro\n| a | b |\n|---|:-:|\n| `x|y` | <br> |\n| - x | https://x.y |\nafter"),
            [
                " Intro",
                "",
                " | a | b |",
                " |---|:-:|",
                r" | `x\|y` |   |",
                " | - x | <https://x.y> |",
                "",
                " after"
            ]
        );
        assert_eq!(
            lines("- item\n  | a |\n  | - |\n  | 1 |"),
            [" - item", "", "   | a |", "   | - |", "   | 1 |"]
        );
        assert_eq!(
            lines("- x | y\n| not | a table |"),
            [" - x | y", "   | not | a table |"]
        );
        assert_eq!(
            lines("a | b\n- | -\n1 | 2"),
            [" a | b", " |- | -", " 1 | 2"]
        );
    }

    #[test]
    fn whitespace_and_line_endings() {
        assert_eq!(
            lines("\ttab\n\t\tsecond\tinner"),
            [" tab", " second  inner"]
        );
        assert_eq!(lines("- a\n\t- nested"), [" - a", "   - nested"]);
        assert_eq!(
            lines("crlf\r\nline\r\n\r\n- a\r\n- b\r\n"),
            [" crlf", " line", "", " - a", " - b"]
        );
        assert_eq!(lines("old mac\rline"), [" old mac", " line"]);
        assert_eq!(
            lines("hard break?  \nend\\\n  \n     \n\n\nnext"),
            [" hard break?", r" end\\", "", " next"]
        );
        assert_eq!(
            lines("line\u{2028}sep\u{2029}para\u{85}nel\u{b}vt\u{c}ff"),
            [" line", " sep", " para", " nel vt ff"]
        );
    }

    #[test]
    fn non_ascii_text() {
        assert_eq!(
            lines(
                "中文说明：取值范围为1~100，详见https://cloud.tencent.com/document/api/213/15692。"
            ),
            [
                r" 中文说明：取值范围为1\~100，详见<https://cloud.tencent.com/document/api/213/15692>。"
            ]
        );
        assert_eq!(
            lines("全角标点：（括号）【方括号】《书名号》“引号”！？\n\u{3000}\u{3000}缩进"),
            [" 全角标点：（括号）【方括号】《书名号》“引号”！？", " 缩进"]
        );
        assert_eq!(
            lines("\u{a0}\u{a0}NBSP\u{a0}kept inside\u{a0}"),
            [" NBSP\u{a0}kept inside"]
        );
        assert_eq!(
            lines("zero\u{200b}width\u{200d}\u{feff} bidi \u{202e}x\u{202c} \u{2066}y\u{2069}"),
            [" zerowidth bidi x y"]
        );
        assert_eq!(
            lines("nul\u{0} esc\u{1b}[31m bell\u{7} del\u{7f} csi\u{9b}"),
            [r" nul esc\[31m bell del csi"]
        );
        assert_eq!(lines("emoji 👍🏽 e\u{301}"), [" emoji 👍🏽 e\u{301}"]);
    }

    #[test]
    fn emphasis_and_strikethrough() {
        assert_eq!(
            lines("*unbalanced _also **strong a*b*c 2 * 3 snake_case __init__"),
            [" *unbalanced _also **strong a*b*c 2 * 3 snake_case __init__"]
        );
        assert_eq!(
            lines("~~strike~~ 1~100 ~~~x"),
            [r" \~\~strike\~\~ 1\~100 \~\~\~x"]
        );
        // Only what would open a block is escaped at a line start.
        assert_eq!(
            lines("** bold start<br>* star<br>+ plus"),
            [" ** bold start", r" \* star", r" \+ plus"]
        );
    }

    #[test]
    fn urls_become_links() {
        assert_eq!(
            lines("see https://x.y/z. http://a.b/c, https://a.b/(c) (https://a.b/c) https://a.b/p?q=1&b=2#f"),
            [" see <https://x.y/z>. <http://a.b/c>, <https://a.b/(c)> (<https://a.b/c>) <https://a.b/p?q=1&b=2#f>"]
        );
        assert_eq!(
            lines("the URL https://img.qcloud.com/index.html? after"),
            [" the URL <https://img.qcloud.com/index.html?> after"]
        );
        assert_eq!(
            lines("www.example.com (www.example.org/p) x.www.example.com user@www.example.com"),
            [" [www.example.com](http://www.example.com) ([www.example.org/p](http://www.example.org/p)) x.www.example.com user@www.example.com"]
        );
        assert_eq!(
            lines("a@b.c mailto:a@b.c ftp://f.example.com"),
            [" a@b.c mailto:a@b.c ftp://f.example.com"]
        );
        assert_eq!(
            lines("HTTPS://UP.EXAMPLE.COM xhttps://glued.example.com https:// https://."),
            [" <HTTPS://UP.EXAMPLE.COM> x<https://glued.example.com> https:// https://."]
        );
        // Escapes could hide a URL from us but not from rustdoc: resolved.
        assert_eq!(
            lines(r"http\://a.example.com https:\/\/b.example.com https://\-c.example.com"),
            [" <http://a.example.com> <https://b.example.com> <https://-c.example.com>"]
        );
        // Entities are escaped: they would render as characters.
        assert_eq!(
            lines("&#104;ttps://e.example.com &lt;b&gt; &amp; & alone"),
            [r" \&#104;ttps://e.example.com \&lt;b\&gt; \&amp; & alone"]
        );
        assert_eq!(
            lines("https://a.b/c*d_e~f. https://a.b/`code`"),
            [" <https://a.b/c*d_e~f>. <https://a.b/>`code`"]
        );
    }

    #[test]
    fn long_and_pathological_lines() {
        let long = "lorem ipsum ".repeat(5000);
        assert_eq!(lines(&long), [format!(" {}", long.trim_end())]);
        for text in [
            "[".repeat(20_000),
            "[a](".repeat(5_000),
            "<".repeat(20_000),
            "`a".repeat(10_000),
            "http".repeat(5_000),
            "<code>".repeat(5_000),
            "> ".repeat(1_000),
        ] {
            let out = lines(&text);
            assert!(out.len() <= 2, "{}", out.len());
        }
        let deep: String = (0..100)
            .map(|d| format!("{}- x\n", "  ".repeat(d)))
            .collect();
        let out = lines(&deep);
        assert_eq!(out[99], format!(" {}- x", "  ".repeat(99)));
    }

    #[test]
    fn every_line_is_safe() {
        let inputs = [
            "- a\n\tlazy\n\n    ```rust\nfn main() {}\n",
            "> q\r\n>> n\r\nlazy\u{202e}\u{0}\n| a |\n|---|\n| b |\n",
            "text\n10. x\n\n\n\n    y\n# h\n===\n",
        ];
        for text in inputs {
            let out = lines(text);
            assert!(!out.is_empty());
            assert!(!out[0].is_empty() && !out[out.len() - 1].is_empty());
            for line in &out {
                assert!(line.is_empty() || line.starts_with(' '), "{line:?}");
                assert_eq!(line.trim_end(), line);
                assert!(
                    !line.chars().any(|c| c.is_control() || invisible(c)),
                    "{line:?}"
                );
            }
        }
    }

    #[test]
    fn doc_attrs_with_appends_a_paragraph() {
        let tokens = doc_attrs_with("- a\nlazy", &["Required.".to_owned()]).to_string();
        assert_eq!(
            tokens,
            r##"# [doc = " - a"] # [doc = "   lazy"] # [doc = ""] # [doc = " Required."]"##
        );
        assert!(doc_attrs("").is_empty());
    }
}
