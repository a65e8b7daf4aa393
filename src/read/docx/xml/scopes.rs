//! Namespace scopes of one part, kept exactly as quick-xml's `NsReader` keeps them (same
//! bindings, same lifetimes, same errors) but told apart once per declaration: a declaration is
//! classified into an [`Ns`] when it is read, so resolving an element costs a cached prefix
//! comparison instead of a walk over every binding and a comparison of namespace URIs.

use super::Ns;
use super::fast::{find1, same};
use quick_xml::events::attributes::Attributes;
use quick_xml::name::{DEFAULT_MAX_NAMESPACE_BINDINGS, NamespaceError, PrefixDeclaration};
use std::cell::Cell;

const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
const XMLNS_NS: &str = "http://www.w3.org/2000/xmlns/";

const W_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
    "http://purl.oclc.org/ooxml/wordprocessingml/main",
];
const MC_NS: &str = "http://schemas.openxmlformats.org/markup-compatibility/2006";
const MATH_NS: [&str; 2] = [
    "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "http://purl.oclc.org/ooxml/officeDocument/math",
];

/// The namespace a URI names.
pub(super) fn classify(uri: &str) -> Ns {
    if W_NS.contains(&uri) {
        Ns::W
    } else if uri == MC_NS {
        Ns::Mc
    } else if MATH_NS.contains(&uri) {
        Ns::Math
    } else {
        Ns::Other
    }
}

/// One `xmlns` / `xmlns:p` declaration in scope.
struct Binding {
    /// The declared prefix; empty for the default namespace.
    prefix: Box<str>,
    /// What the prefix names; `None` when bound to the empty string (an unbinding).
    ns: Option<Ns>,
    /// Nesting level of the element that declared it.
    level: u16,
}

/// The declarations in scope at the current element.
#[derive(Default)]
pub(super) struct Scopes {
    /// Declarations of the document (the reserved `xml`/`xmlns` prefixes are implied).
    bindings: Vec<Binding>,
    /// Elements opened and not yet closed (as quick-xml counts them).
    level: u16,
    /// The last event ended a scope (a closing or self-closing tag): leave it before the next.
    pending_pop: bool,
    /// What an unprefixed element name resolves to.
    default: Ns,
    /// Last prefix resolved: index of its binding and its namespace. Cleared on every change.
    hit: Cell<Option<(usize, Ns)>>,
}

impl Scopes {
    /// Leaves the scope of the element that ended with the previous event, if any.
    #[inline]
    pub(super) fn pop_pending(&mut self) {
        if !self.pending_pop {
            return;
        }
        self.pending_pop = false;
        self.level = self.level.saturating_sub(1);
        let before = self.bindings.len();
        while self.bindings.last().is_some_and(|b| b.level > self.level) {
            self.bindings.pop();
        }
        if self.bindings.len() != before {
            self.changed();
        }
    }

    /// The scope of the current element ends with the next event.
    pub(super) fn end(&mut self) {
        self.pending_pop = true;
    }

    /// Counts `n` more elements open, entered without declarations and not yet closed.
    pub(super) fn deepen(&mut self, n: usize) {
        self.level = self
            .level
            .saturating_add(u16::try_from(n).unwrap_or(u16::MAX));
    }

    /// Enters the scope of a start tag that declares no namespace.
    ///
    /// # Errors
    /// quick-xml's [`NamespaceError::TooDeeplyNested`] past `u16::MAX` levels.
    pub(super) fn enter(&mut self) -> Result<(), NamespaceError> {
        self.level = self
            .level
            .checked_add(1)
            .ok_or(NamespaceError::TooDeeplyNested(u16::MAX as usize))?;
        Ok(())
    }

    /// Enters the scope of a start tag, adding its namespace declarations (as quick-xml does:
    /// attributes read until the first malformed one).
    ///
    /// # Errors
    /// The [`NamespaceError`] quick-xml gives for the same declarations.
    pub(super) fn push(&mut self, tag: &str, name_len: usize) -> Result<(), NamespaceError> {
        self.enter()?;
        let mut result = Ok(());
        for attr in Attributes::new(tag, name_len).with_checks(false) {
            let Ok(attr) = attr else { break };
            if let Some(prefix) = attr.key.as_namespace_binding() {
                result = self.add(prefix, &attr.value);
                if result.is_err() {
                    break;
                }
            }
        }
        self.changed();
        result
    }

    fn add(&mut self, prefix: PrefixDeclaration<'_>, uri: &str) -> Result<(), NamespaceError> {
        let prefix = match prefix {
            PrefixDeclaration::Default => "",
            PrefixDeclaration::Named("xml") => {
                return if uri == XML_NS {
                    Ok(())
                } else {
                    Err(NamespaceError::InvalidXmlPrefixBind(uri.to_string()))
                };
            }
            PrefixDeclaration::Named("xmlns") => {
                return Err(NamespaceError::InvalidXmlnsPrefixBind(uri.to_string()));
            }
            PrefixDeclaration::Named(prefix) => {
                if uri == XML_NS {
                    return Err(NamespaceError::InvalidPrefixForXml(prefix.to_string()));
                }
                if uri == XMLNS_NS {
                    return Err(NamespaceError::InvalidPrefixForXmlns(prefix.to_string()));
                }
                prefix
            }
        };
        if self.bindings.len() >= DEFAULT_MAX_NAMESPACE_BINDINGS {
            return Err(NamespaceError::TooManyBindings(
                DEFAULT_MAX_NAMESPACE_BINDINGS,
            ));
        }
        self.bindings.push(Binding {
            prefix: prefix.into(),
            ns: (!uri.is_empty()).then(|| classify(uri)),
            level: self.level,
        });
        Ok(())
    }

    fn changed(&mut self) {
        self.hit.set(None);
        // An empty prefix, declared as `xmlns` (or `xmlns:`), is the default namespace.
        self.default = self
            .bindings
            .iter()
            .rev()
            .find(|b| b.prefix.is_empty())
            .and_then(|b| b.ns)
            .unwrap_or(Ns::Other);
    }

    /// The namespace of an unprefixed element name.
    pub(super) fn unprefixed(&self) -> Ns {
        self.default
    }

    /// The namespace of a prefixed name; unknown and unbound prefixes (and the reserved
    /// `xml`/`xmlns`) are [`Ns::Other`].
    pub(super) fn prefixed(&self, prefix: &str) -> Ns {
        if let Some((i, ns)) = self.hit.get()
            && self
                .bindings
                .get(i)
                .is_some_and(|b| same(b.prefix.as_bytes(), prefix.as_bytes()))
        {
            return ns;
        }
        // `:name` has an empty prefix, which no declaration binds.
        if prefix.is_empty() {
            return Ns::Other;
        }
        let Some((i, binding)) = self
            .bindings
            .iter()
            .enumerate()
            .rev()
            .find(|(_, b)| &*b.prefix == prefix)
        else {
            return Ns::Other;
        };
        let ns = binding.ns.unwrap_or(Ns::Other);
        self.hit.set(Some((i, ns)));
        ns
    }
}

/// True when `raw` attributes may hold a namespace declaration (`xmlns` somewhere).
pub(super) fn declares(raw: &[u8]) -> bool {
    let mut at = 0;
    while let Some(i) = raw.get(at..).and_then(|rest| find1(rest, b'x')) {
        if raw
            .get(at + i..)
            .is_some_and(|tail| tail.starts_with(b"xmlns"))
        {
            return true;
        }
        at += i + 1;
    }
    false
}
