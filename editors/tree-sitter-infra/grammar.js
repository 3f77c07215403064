/**
 * tree-sitter grammar for `.infra`, mirroring grammar/infra.pest (the parser infrac
 * itself uses). The whole language is three statement forms:
 *
 *   block     = KIND NAME? STRING? "{" statement* "}"
 *   attribute = KEY "=" value
 *   flow      = target ("->" target)+ (":" protocol)? ("{" attribute* "}")?
 *
 * Newlines and commas separate statements, so newlines are tokens here, as in the pest
 * grammar; blanks and comments are extras. Where the two differ, this grammar is the
 * more lenient one, as an editor's grammar should be: list items may be separated by
 * several commas, and a name may not end in `-` (pest allows `web-` before a blank).
 * Whether an input is valid is infrac's call; this grammar only has to give every
 * valid input the right tree, which test/corpus and the CI run on every example pin.
 *
 * @file .infra grammar for tree-sitter
 * @license MIT OR Apache-2.0
 */

/// <reference types="tree-sitter-cli/dsl" />
// @ts-check

// A name: a letter or `_`, then letters, digits, `_`, and `-` when it does not start an
// arrow (`web-1` is a name, `a->b` a flow). Segments after a dot may start with a digit.
const NAME = /[A-Za-z_](?:[A-Za-z0-9_]|-+[A-Za-z0-9_])*/.source;
const SEGMENT = /[A-Za-z0-9_](?:[A-Za-z0-9_]|-+[A-Za-z0-9_])*/.source;

module.exports = grammar({
  name: 'infra',

  extras: $ => [/[ \t]/, $.comment],

  // Keywords (`true`, `false`) are only keywords where a value may stand.
  word: $ => $.identifier,

  rules: {
    source_file: $ => seq(
      repeat($._sep),
      repeat($._terminated),
      optional($._statement),
    ),

    // What a `{ ... }` holds: sep* (statement sep+)* statement?, not empty (tree-sitter
    // wants every rule but the start rule to match something). Statements need a
    // separator between them, not after the last one.
    _body: $ => choice(
      seq(repeat1($._sep), repeat($._terminated), optional($._statement)),
      seq(repeat1($._terminated), optional($._statement)),
      $._statement,
    ),
    _terminated: $ => seq($._statement, repeat1($._sep)),
    _sep: $ => choice($._newline, ','),
    _newline: _ => /\r?\n/,

    _statement: $ => choice($.attribute, $.block, $.flow),

    attribute: $ => seq(
      field('key', alias($.identifier, $.key)),
      '=',
      field('value', $._value),
    ),

    block: $ => seq(
      field('kind', alias($.identifier, $.kind)),
      optional(field('name', choice(
        alias($.identifier, $.name),
        alias($.path, $.name),
        alias('@', $.name),
      ))),
      optional(field('label', alias($.string, $.label))),
      '{',
      optional(field('body', alias($._body, $.body))),
      '}',
    ),

    flow: $ => seq(
      $._target,
      repeat1(seq('->', $._target)),
      optional(seq(':', field('protocol', $.protocol))),
      optional(field('body', $.flow_body)),
    ),
    _target: $ => choice($._reference, $.target_list),
    target_list: $ => seq(
      '[',
      repeat($._list_sep),
      $._reference,
      repeat(seq(repeat1($._list_sep), $._reference)),
      repeat($._list_sep),
      ']',
    ),
    flow_body: $ => seq('{', optional(alias($._body, $.body)), '}'),

    protocol: $ => seq(
      field('name', $.protocol_name),
      optional(seq('/', field('port', $.port))),
    ),
    protocol_name: _ => /[A-Za-z][A-Za-z0-9_+-]*/,
    port: _ => /[0-9]+/,

    // ---- values ---------------------------------------------------------------------
    _value: $ => choice(
      $.string,
      $.list,
      $.ip,
      $.ipv6,
      $.date,
      $.duration,
      $.number,
      $.boolean,
      $.listener,
      $._reference,
    ),

    list: $ => seq(
      '[',
      repeat($._list_sep),
      optional(seq(
        $._value,
        repeat(seq(repeat1($._list_sep), $._value)),
        repeat($._list_sep),
      )),
      ']',
    ),
    _list_sep: $ => choice($._newline, ','),

    string: _ => token(seq('"', repeat(choice(/\\./, /[^"\\\r\n]/)), '"')),

    ip: _ => token(/[0-9]+\.[0-9]+\.[0-9]+\.[0-9]+(\/[0-9]+)?/),
    ipv6: _ => token(/[0-9A-Fa-f]*:[0-9A-Fa-f:.]+(\/[0-9]+)?/),
    date: _ => token(/[0-9]{4}-[0-9]{2}-[0-9]{2}/),
    duration: _ => token(/[0-9]+(ms|s|m|h|d|w)/),
    number: _ => token(/-?[0-9]+(\.[0-9]+)?/),
    boolean: _ => choice('true', 'false'),
    // A protocol with its port as a value (`listen = [grpc/9000]`), as grammar/infra.pest's
    // protocol_value; a bare protocol name is a reference.
    listener: _ => token(/[A-Za-z][A-Za-z0-9_+-]*\/[0-9]+/),

    // A bare name, or a dotted path (`srv1.nginx`, `www.foobar.com`): whether it is a
    // reference or a host name is name resolution's call, not the grammar's.
    _reference: $ => choice($.identifier, $.path),
    identifier: _ => new RegExp(NAME),
    path: _ => token(new RegExp(`${NAME}(?:\\.${SEGMENT})+`)),

    comment: _ => token(seq(choice('#', '//'), /[^\r\n]*/)),
  },
});
