// Migration scripts are split into statements on semicolons at line ends, but not inside a
// function's dollar-quoted body, whose own statements end lines too.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { splitStatements } from '../../src/store/migrate.ts';

describe('splitStatements', () => {
  it('splits at line-ending semicolons and drops comment lines', () => {
    assert.deepEqual(splitStatements('-- a table\nCREATE TABLE a (x int);\nCREATE INDEX a_x ON a (x);\n'), ['CREATE TABLE a (x int)', 'CREATE INDEX a_x ON a (x)']);
  });

  it('keeps a dollar-quoted body whole, tagged or not', () => {
    const fn = (q: string) => `CREATE FUNCTION f() RETURNS trigger LANGUAGE plpgsql AS ${q}\nBEGIN\n  DELETE FROM a;\n  RETURN NULL;\nEND ${q}`;
    for (const q of ['$$', '$body$']) {
      assert.deepEqual(splitStatements(`${fn(q)};\nCREATE TRIGGER t AFTER DELETE ON a FOR EACH STATEMENT EXECUTE FUNCTION f();\n`), [fn(q), 'CREATE TRIGGER t AFTER DELETE ON a FOR EACH STATEMENT EXECUTE FUNCTION f()']);
    }
  });

  it('ends a body only at its own tag', () => {
    const body = 'CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $outer$ SELECT $$;\n$$ $outer$';
    assert.deepEqual(splitStatements(`${body};\nSELECT 1;`), [body, 'SELECT 1']);
  });
});
