//! Derived figures (placeholder until written).
