//! The languages the code reader parses, and for each the node kinds (and
//! fields) of its tree-sitter grammar that the reader needs. Adding a
//! language is adding its grammar crate, a [`Language`] and a [`Syntax`].

use std::path::Path;

use super::text::FormatStyle;

/// The languages whose source files are read, by extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Python,
    JavaScript,
    TypeScript,
    Tsx,
    Ruby,
    Php,
    Java,
    CSharp,
    Go,
}

impl Language {
    pub fn of(path: &Path) -> Option<Language> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match extension.as_str() {
            "py" => Language::Python,
            "js" | "mjs" | "cjs" | "jsx" => Language::JavaScript,
            "ts" | "mts" | "cts" => Language::TypeScript,
            "tsx" => Language::Tsx,
            "rb" => Language::Ruby,
            "php" => Language::Php,
            "java" => Language::Java,
            "cs" => Language::CSharp,
            "go" => Language::Go,
            _ => return None,
        })
    }

    /// The language's grammar, or the cargo feature this build lacks for
    /// it.
    pub fn grammar(self) -> Result<tree_sitter::Language, &'static str> {
        Ok(match self {
            Language::Python => tree_sitter_python::LANGUAGE.into(),
            Language::JavaScript => tree_sitter_javascript::LANGUAGE.into(),
            #[cfg(feature = "typescript")]
            Language::TypeScript => tree_sitter_typescript::LANGUAGE_TYPESCRIPT.into(),
            #[cfg(feature = "typescript")]
            Language::Tsx => tree_sitter_typescript::LANGUAGE_TSX.into(),
            #[cfg(feature = "ruby")]
            Language::Ruby => tree_sitter_ruby::LANGUAGE.into(),
            #[cfg(feature = "php")]
            Language::Php => tree_sitter_php::LANGUAGE_PHP.into(),
            Language::Java => tree_sitter_java::LANGUAGE.into(),
            #[cfg(feature = "csharp")]
            Language::CSharp => tree_sitter_c_sharp::LANGUAGE.into(),
            Language::Go => tree_sitter_go::LANGUAGE.into(),
            #[allow(unreachable_patterns)]
            _ => return Err(self.feature()),
        })
    }

    /// The language's name, as people write it.
    pub fn name(self) -> &'static str {
        match self {
            Language::Python => "Python",
            Language::JavaScript => "JavaScript",
            Language::TypeScript | Language::Tsx => "TypeScript",
            Language::Ruby => "Ruby",
            Language::Php => "PHP",
            Language::Java => "Java",
            Language::CSharp => "C#",
            Language::Go => "Go",
        }
    }

    /// The cargo feature that brings the language's grammar in (the
    /// lighter grammars are always in).
    pub fn feature(self) -> &'static str {
        match self {
            Language::TypeScript | Language::Tsx => "typescript",
            Language::Ruby => "ruby",
            Language::Php => "php",
            Language::CSharp => "csharp",
            Language::Python | Language::JavaScript | Language::Java | Language::Go => "default",
        }
    }

    /// Every language, in the order `--version` lists them.
    pub const ALL: [Language; 9] = [
        Language::Python,
        Language::JavaScript,
        Language::TypeScript,
        Language::Tsx,
        Language::Ruby,
        Language::Php,
        Language::Java,
        Language::CSharp,
        Language::Go,
    ];

    /// What `--version` says of the code this build reads: the languages
    /// with a grammar in, and the cargo features that would add the rest.
    pub fn build_summary() -> String {
        let mut read: Vec<&str> = Vec::new();
        let mut missing: Vec<&str> = Vec::new();
        for language in Language::ALL {
            let list = if language.grammar().is_ok() {
                &mut read
            } else {
                &mut missing
            };
            if !list.contains(&language.name()) {
                list.push(language.name());
            }
        }
        let mut summary = format!("reads code in {}", read.join(", "));
        if !missing.is_empty() {
            summary.push_str(&format!(
                "; not {} (build with --features all-languages)",
                missing.join(", ")
            ));
        }
        summary
    }

    pub fn syntax(self) -> &'static Syntax {
        match self {
            Language::Python => &PYTHON,
            Language::JavaScript | Language::TypeScript | Language::Tsx => &JAVASCRIPT,
            Language::Ruby => &RUBY,
            Language::Php => &PHP,
            Language::Java => &JAVA,
            Language::CSharp => &CSHARP,
            Language::Go => &GO,
        }
    }
}

/// The node kinds of one grammar that the reader needs. A list of kinds
/// names every kind that plays the part; fields are tree-sitter field names.
pub struct Syntax {
    /// Calls. The callee is the call's text before its `arguments` field.
    pub calls: &'static [&'static str],
    /// String literals. Their leading and trailing delimiters are their
    /// unnamed children (and `*_start`/`*_end` ones) before and after the
    /// content; a literal with no children is its text between quotes.
    pub strings: &'static [&'static str],
    /// Adjacent literals that make one string (`"a" "b"`).
    pub concatenated: &'static [&'static str],
    /// Interpolations inside a string; the expression is the `expression`
    /// field, else the first named child.
    pub interpolations: &'static [&'static str],
    /// The interpolations are the expressions themselves (PHP's `$name`,
    /// `{$user->name}`), not a node around one.
    pub bare_interpolations: bool,
    pub escapes: &'static [&'static str],
    /// Single-quoted strings where `\'` and `\\` are escapes the grammar
    /// leaves in the text (Ruby, PHP).
    pub single_quote_escapes: bool,
    /// `{{` in an f-string.
    pub escaped_braces: &'static [&'static str],
    /// Binary operators, with the fields `left`, `operator`, `right`.
    pub binary: &'static [&'static str],
    /// The operators that join strings (`+`, PHP's `.`).
    pub concatenation: &'static [&'static str],
    /// The operator that fills a printf format string (`"%s" % name`).
    pub format_operator: Option<&'static str>,
    /// Functions whose first argument is a format string (`sprintf`,
    /// `fmt.Sprintf`, `String.format`, `string.Format`), by last name, with
    /// the style of its fields.
    pub format_functions: &'static [(&'static str, FormatStyle)],
    /// Methods called on a format string (`"{}".format(x)`).
    pub format_methods: &'static [(&'static str, FormatStyle)],
    /// Nodes whose value is their first named child (parentheses, `await`,
    /// TypeScript's `as`).
    pub wrappers: &'static [&'static str],
    /// Arguments: kinds with a `name` field are keyword arguments whose
    /// value is the `value` field or the last named child; others wrap a
    /// positional argument (PHP's and C#'s `argument`, Python's
    /// `**params`, Ruby's `**params`) or are one.
    pub keyword_arguments: &'static [&'static str],
    pub argument_wrappers: &'static [&'static str],
    /// Arguments that spread a mapping into the call (`**params`,
    /// `...options`): options, whatever their expression.
    pub spreads: &'static [&'static str],
    /// Object, dict, hash or array literals, made of `pairs` (the `key` or
    /// `left` field, else the first named child; the `value` or `right`
    /// field, else the last named child) and `shorthands` (`{ body }`).
    pub objects: &'static [&'static str],
    pub pairs: &'static [&'static str],
    pub shorthands: &'static [&'static str],
    /// Kinds that are a name (`identifier`, Ruby's `constant`, PHP's
    /// `variable_name`).
    pub names: &'static [&'static str],
    /// Lists of one name or value unwrapped (Go's `body := "..."`).
    pub lists: &'static [&'static str],
    /// Where a name is bound: functions (else the module).
    pub scopes: &'static [&'static str],
    /// Bindings: kind, the field of the name, the field of the value (empty:
    /// the last named child).
    pub bindings: &'static [(&'static str, &'static str, &'static str)],
    /// Rebindings (`body += "..."`, a loop variable): a name rebound is not
    /// resolved.
    pub rebindings: &'static [(&'static str, &'static str)],
    /// Builder methods chained on the send call (Java's
    /// `.setStatusCallback(...)`): the call kind's receiver and name fields.
    pub chained: Option<(&'static str, &'static str)>,
    /// Blocks given to a call, whose parameters stand for what the call
    /// makes or is called on (Ruby's `MessagingResponse.new do |r| ... end`).
    pub blocks: &'static [&'static str],
    /// Conditional expressions (`c ? a : b`, `a if c else b`): their
    /// branches are the `consequence` (PHP: `body`) and `alternative`
    /// fields, else (Python) the first and last named children.
    pub conditionals: &'static [&'static str],
    pub comments: &'static [&'static str],
}

static PYTHON: Syntax = Syntax {
    calls: &["call"],
    strings: &["string"],
    concatenated: &["concatenated_string"],
    interpolations: &["interpolation"],
    bare_interpolations: false,
    escapes: &["escape_sequence"],
    single_quote_escapes: false,
    escaped_braces: &["escape_interpolation"],
    binary: &["binary_operator"],
    concatenation: &["+"],
    format_operator: Some("%"),
    format_functions: &[],
    format_methods: &[("format", FormatStyle::Brace)],
    wrappers: &["parenthesized_expression", "await"],
    keyword_arguments: &["keyword_argument"],
    argument_wrappers: &["dictionary_splat"],
    spreads: &["dictionary_splat"],
    objects: &["dictionary"],
    pairs: &["pair"],
    shorthands: &[],
    names: &["identifier"],
    lists: &[],
    scopes: &["function_definition", "lambda"],
    bindings: &[("assignment", "left", "right")],
    rebindings: &[("augmented_assignment", "left"), ("for_statement", "left")],
    chained: None,
    blocks: &[],
    conditionals: &["conditional_expression"],
    comments: &["comment"],
};

static JAVASCRIPT: Syntax = Syntax {
    calls: &["call_expression", "new_expression"],
    strings: &["string", "template_string"],
    concatenated: &[],
    interpolations: &["template_substitution"],
    bare_interpolations: false,
    escapes: &["escape_sequence"],
    single_quote_escapes: false,
    escaped_braces: &[],
    binary: &["binary_expression"],
    concatenation: &["+"],
    format_operator: None,
    format_functions: &[],
    format_methods: &[],
    wrappers: &[
        "parenthesized_expression",
        "await_expression",
        "as_expression",
        "satisfies_expression",
        "non_null_expression",
    ],
    keyword_arguments: &[],
    argument_wrappers: &[],
    spreads: &["spread_element"],
    objects: &["object"],
    pairs: &["pair"],
    shorthands: &["shorthand_property_identifier"],
    names: &["identifier", "shorthand_property_identifier"],
    lists: &[],
    scopes: &[
        "function_declaration",
        "function_expression",
        "function",
        "arrow_function",
        "method_definition",
        "generator_function_declaration",
    ],
    bindings: &[
        ("variable_declarator", "name", "value"),
        ("assignment_expression", "left", "right"),
    ],
    rebindings: &[
        ("augmented_assignment_expression", "left"),
        ("for_in_statement", "left"),
    ],
    chained: None,
    blocks: &[],
    conditionals: &["ternary_expression"],
    comments: &["comment"],
};

static RUBY: Syntax = Syntax {
    calls: &["call"],
    strings: &["string"],
    concatenated: &["chained_string"],
    interpolations: &["interpolation"],
    bare_interpolations: false,
    escapes: &["escape_sequence"],
    single_quote_escapes: true,
    escaped_braces: &[],
    binary: &["binary"],
    concatenation: &["+"],
    format_operator: Some("%"),
    format_functions: &[
        ("format", FormatStyle::Percent),
        ("sprintf", FormatStyle::Percent),
    ],
    format_methods: &[],
    wrappers: &["parenthesized_statements"],
    keyword_arguments: &[],
    argument_wrappers: &["hash_splat_argument"],
    spreads: &["hash_splat_argument"],
    objects: &["hash"],
    pairs: &["pair"],
    shorthands: &[],
    names: &["identifier", "constant"],
    lists: &[],
    scopes: &["method", "singleton_method"],
    bindings: &[("assignment", "left", "right")],
    rebindings: &[("operator_assignment", "left"), ("for", "pattern")],
    chained: None,
    blocks: &["do_block", "block"],
    conditionals: &["conditional"],
    comments: &["comment"],
};

static PHP: Syntax = Syntax {
    calls: &[
        "member_call_expression",
        "nullsafe_member_call_expression",
        "scoped_call_expression",
        "function_call_expression",
        "object_creation_expression",
    ],
    strings: &["string", "encapsed_string", "heredoc", "nowdoc"],
    concatenated: &[],
    interpolations: &[
        "variable_name",
        "member_access_expression",
        "subscript_expression",
        "dynamic_variable_name",
    ],
    bare_interpolations: true,
    escapes: &["escape_sequence"],
    single_quote_escapes: true,
    escaped_braces: &[],
    binary: &["binary_expression"],
    concatenation: &["."],
    format_operator: None,
    format_functions: &[("sprintf", FormatStyle::Percent)],
    format_methods: &[],
    wrappers: &["parenthesized_expression"],
    keyword_arguments: &[],
    argument_wrappers: &["argument"],
    spreads: &[],
    objects: &["array_creation_expression"],
    pairs: &["array_element_initializer"],
    shorthands: &[],
    names: &["variable_name"],
    lists: &[],
    scopes: &[
        "function_definition",
        "method_declaration",
        "anonymous_function",
        "arrow_function",
    ],
    bindings: &[("assignment_expression", "left", "right")],
    rebindings: &[("augmented_assignment_expression", "left")],
    chained: None,
    blocks: &[],
    conditionals: &["conditional_expression"],
    comments: &["comment"],
};

static JAVA: Syntax = Syntax {
    calls: &["method_invocation", "object_creation_expression"],
    strings: &["string_literal"],
    concatenated: &[],
    interpolations: &[],
    bare_interpolations: false,
    escapes: &["escape_sequence"],
    single_quote_escapes: false,
    escaped_braces: &[],
    binary: &["binary_expression"],
    concatenation: &["+"],
    format_operator: None,
    format_functions: &[("format", FormatStyle::Percent)],
    format_methods: &[("formatted", FormatStyle::Percent)],
    wrappers: &["parenthesized_expression"],
    keyword_arguments: &[],
    argument_wrappers: &[],
    spreads: &[],
    objects: &[],
    pairs: &[],
    shorthands: &[],
    names: &["identifier"],
    lists: &[],
    scopes: &[
        "method_declaration",
        "constructor_declaration",
        "lambda_expression",
    ],
    bindings: &[
        ("variable_declarator", "name", "value"),
        ("assignment_expression", "left", "right"),
    ],
    rebindings: &[("enhanced_for_statement", "name")],
    chained: Some(("object", "name")),
    blocks: &[],
    conditionals: &["ternary_expression"],
    comments: &["line_comment", "block_comment"],
};

static CSHARP: Syntax = Syntax {
    calls: &["invocation_expression", "object_creation_expression"],
    strings: &[
        "string_literal",
        "verbatim_string_literal",
        "interpolated_string_expression",
        "raw_string_literal",
    ],
    concatenated: &[],
    interpolations: &["interpolation"],
    bare_interpolations: false,
    escapes: &["escape_sequence"],
    single_quote_escapes: false,
    escaped_braces: &[],
    binary: &["binary_expression"],
    concatenation: &["+"],
    format_operator: None,
    format_functions: &[("Format", FormatStyle::Brace)],
    format_methods: &[],
    wrappers: &["parenthesized_expression", "await_expression"],
    keyword_arguments: &[],
    argument_wrappers: &["argument"],
    spreads: &[],
    objects: &[
        "initializer_expression",
        "anonymous_object_creation_expression",
    ],
    pairs: &[
        "assignment_expression",
        "anonymous_object_member_declarator",
    ],
    shorthands: &[],
    names: &["identifier"],
    lists: &[],
    scopes: &[
        "method_declaration",
        "constructor_declaration",
        "local_function_statement",
        "lambda_expression",
        "anonymous_method_expression",
    ],
    bindings: &[
        ("variable_declarator", "name", ""),
        ("assignment_expression", "left", "right"),
    ],
    rebindings: &[("foreach_statement", "left")],
    chained: None,
    blocks: &[],
    conditionals: &["conditional_expression"],
    comments: &["comment"],
};

static GO: Syntax = Syntax {
    calls: &["call_expression"],
    strings: &["interpreted_string_literal", "raw_string_literal"],
    concatenated: &[],
    interpolations: &[],
    bare_interpolations: false,
    escapes: &["escape_sequence"],
    single_quote_escapes: false,
    escaped_braces: &[],
    binary: &["binary_expression"],
    concatenation: &["+"],
    format_operator: None,
    format_functions: &[("Sprintf", FormatStyle::Percent)],
    format_methods: &[],
    wrappers: &["parenthesized_expression"],
    keyword_arguments: &[],
    argument_wrappers: &[],
    spreads: &[],
    objects: &["literal_value"],
    pairs: &["keyed_element"],
    shorthands: &[],
    names: &["identifier"],
    lists: &["expression_list"],
    scopes: &["function_declaration", "method_declaration", "func_literal"],
    bindings: &[
        ("short_var_declaration", "left", "right"),
        ("var_spec", "name", "value"),
        ("const_spec", "name", "value"),
        ("assignment_statement", "left", "right"),
    ],
    rebindings: &[("range_clause", "left")],
    chained: None,
    blocks: &[],
    conditionals: &[],
    comments: &["comment"],
};
