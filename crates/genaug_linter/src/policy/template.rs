//! The commented starter policy `genaug init` writes.

/// A commented starter `genaug-policy.yaml`: every key with its default or a safe example.
pub fn init_template() -> &'static str {
    include_str!("template.yaml")
}
