/// The GNS language: lexer, parser, resolver, interpreter, values and the builtin registry.
public enum LanguageModule {}
