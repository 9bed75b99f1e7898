/* srctext.c -- a student's C file as text (see srctext.h). */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srctext.h"

/* Lines from .. to of path into buf (row i is line from + i); returns
 * how many were read.  A line longer than a row keeps its beginning. */
int
bp_text_read_into (const char *path, int from, int to,
                   char buf[][LINE_MAX_LEN])
{
  FILE *f = fopen (path, "r");
  int n = 0, c;
  char tmp[LINE_MAX_LEN];

  if (f == NULL)
    return 0;
  while (n < to && fgets (tmp, sizeof tmp, f))
    {
      n++;
      if (n >= from)
        snprintf (buf[n - from], LINE_MAX_LEN, "%s", tmp);
      if (strchr (tmp, '\n') == NULL)
        while ((c = getc (f)) != EOF && c != '\n')
          ;                     /* the rest of a long line */
    }
  fclose (f);
  return n >= from ? n - from + 1 : 0;
}

/* Is s[i] the start of an assignment operator: =, +=, -=, *=, /=, not
 * ==, <=, >=, !=?  Sets *len to the operator's length. */
int
bp_text_assignment_at (const char *s, size_t i, size_t *len)
{
  if (s[i] == '=' && s[i + 1] != '=' && (i == 0 || !strchr ("=<>!", s[i - 1])))
    {
      *len = 1;
      return 1;
    }
  if (strchr ("+-*/", s[i]) && s[i + 1] == '=' && s[i + 2] != '=')
    {
      *len = 2;
      return 1;
    }
  return 0;
}

/* Is name at p a whole identifier (of the string that starts at s)? */
int
bp_text_word_at (const char *s, const char *p, size_t len)
{
  return !(p > s && (isalnum ((unsigned char) p[-1]) || p[-1] == '_'))
    && !isalnum ((unsigned char) p[len]) && p[len] != '_';
}

/* Does line name the identifier name? */
int
bp_text_mentions (const char *line, const char *name)
{
  size_t len = strlen (name);

  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    if (bp_text_word_at (line, p, len))
      return 1;
  return 0;
}

/* The next identifier of s at or after p, its length into *len; NULL
 * when there is none. */
const char *
bp_text_next_identifier (const char *s, const char *p, size_t *len)
{
  for (; *p; p++)
    if ((isalpha ((unsigned char) *p) || *p == '_')
        && !(p > s && (isalnum ((unsigned char) p[-1]) || p[-1] == '_')))
      {
        for (*len = 0; isalnum ((unsigned char) p[*len]) || p[*len] == '_';)
          ++*len;
        return p;
      }
  return NULL;
}

/* Does s compare (==, !=, <, >, <=, >=, or a ?: choice)?  An arrow (->)
 * and shifts are not comparisons. */
int
bp_text_compares (const char *s)
{
  for (size_t i = 0; s[i]; i++)
    {
      if (s[i] == '?' || ((s[i] == '=' || s[i] == '!') && s[i + 1] == '='
                          && (i == 0 || !strchr ("=<>!", s[i - 1]))))
        return 1;
      if ((s[i] == '<' || s[i] == '>') && !(s[i] == '>' && i > 0
                                            && s[i - 1] == '-')
          && s[i + 1] != s[i] && (i == 0 || s[i - 1] != s[i]))
        return 1;
    }
  return 0;
}

/* Is line s the end of the function before (its closing brace) or the
 * start of this one (its name and parameters at the left margin)?  Looking
 * back from a store stops there. */
int
bp_text_function_edge (const char *s)
{
  return s[0] == '}' || (isalpha ((unsigned char) s[0]) && strchr (s, '('));
}

size_t
bp_text_indent (const char *s)
{
  size_t col = 0;

  for (; *s == ' ' || *s == '\t'; s++)
    col = *s == '\t' ? (col / 8 + 1) * 8 : col + 1;
  return col;
}

int
bp_text_function_start (char buf[][LINE_MAX_LEN], int n, int line)
{
  while (line > 1 && line <= n && !bp_text_function_edge (buf[line - 1]))
    line--;
  return line;
}

int
bp_text_function_head (char buf[][LINE_MAX_LEN], int n, int line)
{
  line = bp_text_function_start (buf, n, line);
  while (line > 1 && line <= n && !strchr (buf[line - 1], '('))
    line--;                     /* from the body's { to the head */
  return line;
}

/* Is line s part of a comment (starting with //, slash-star, or the star
 * of a comment's inner line, but not a store through a pointer, *p = 0;),
 * or blank? */
int
bp_text_comment_or_blank (const char *s)
{
  s += strspn (s, " \t");
  return (s[0] == '*' && !(isalpha ((unsigned char) s[1]) || s[1] == '_'
                           || s[1] == '('))  /* not *p++ = 0; */
    || (s[0] == '/' && (s[1] == '/' || s[1] == '*'))
    || s[0] == '\0' || s[0] == '\n';
}

void
bp_text_trim_into (const char *line, char *text, size_t len)
{
  while (isspace ((unsigned char) *line))
    line++;
  snprintf (text, len, "%s", line);
  for (size_t n = strlen (text);
       n > 0 && isspace ((unsigned char) text[n - 1]);)
    text[--n] = '\0';
}

int
bp_text_enclosing_head (char buf[][LINE_MAX_LEN], int line, size_t *indent)
{
  for (int l = line - 1; l >= 1 && *indent > 0; l--)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (bp_text_function_edge (buf[l - 1]))
        return 0;
      if (bp_text_comment_or_blank (t) || *t == '{' || *t == '}'
          || bp_text_indent (buf[l - 1]) >= *indent)
        continue;
      *indent = bp_text_indent (buf[l - 1]);
      return l;
    }
  return 0;
}

int
bp_text_is_for (const char *t)
{
  t += strspn (t, " \t");
  return strncmp (t, "for", 3) == 0 && !isalnum ((unsigned char) t[3])
    && t[3] != '_';
}

int
bp_text_is_while (const char *t)
{
  t += strspn (t, " \t");
  return strncmp (t, "while", 5) == 0 && !isalnum ((unsigned char) t[5])
    && t[5] != '_';
}

int
bp_text_while_counter (const char *line, char *name, size_t len)
{
  const char *p = bp_text_is_while (line) ? strchr (line, '(') : NULL;
  size_t n = 0;

  if (p == NULL)
    return 0;
  p += 1 + strspn (p + 1, " \t(");
  while (isalnum ((unsigned char) p[n]) || p[n] == '_')
    n++;
  if (n == 0 || n >= len || isdigit ((unsigned char) *p))
    return 0;
  snprintf (name, len, "%.*s", (int) n, p);
  p += n + strspn (p + n, " \t");
  return (*p == '<' || *p == '>' || (*p == '!' && p[1] == '='))
    && p[1] != *p;
}

int
bp_text_loop_over (const char *line, const char *name)
{
  const char *p = strstr (line, "for");
  size_t len = strlen (name);

  if (bp_text_is_while (line))
    {
      char counter[NAME_LEN];
      return bp_text_while_counter (line, counter, sizeof counter)
        && strcmp (counter, name) == 0;
    }
  if (p == NULL || (p = strchr (p, '(')) == NULL)
    return 0;
  for (p++; *p; p++)
    if (strncmp (p, name, len) == 0 && !isalnum ((unsigned char) p[len])
        && p[len] != '_' && !isalnum ((unsigned char) p[-1]) && p[-1] != '_')
      {
        p += len + strspn (p + len, " \t");
        return *p == '=' && p[1] != '=';
      }
    else if (*p == ';')
      return 0;
  return 0;
}

/* The statement that starts at row `row' of buf (n rows), its lines
 * joined, into stmt. */
void
bp_text_join_statement (char buf[][LINE_MAX_LEN], int row, int n, char *stmt,
                size_t len)
{
  size_t used = 0;

  stmt[0] = '\0';
  for (int i = row; i < n && used + 1 < len; i++)
    {
      const char *s = buf[i] + strspn (buf[i], " \t");
      snprintf (stmt + used, len - used, "%s%.*s", used ? " " : "",
                (int) strcspn (s, "\n"), s);
      used = strlen (stmt);
      if (strchr (s, ';') || strchr (s, '{'))
        break;
    }
}

int
bp_text_for_head (const char *t, const char **open, const char **semi)
{
  t += strspn (t, " \t");
  return strncmp (t, "for", 3) == 0 && !isalnum ((unsigned char) t[3])
    && t[3] != '_' && (*open = strchr (t, '(')) != NULL
    && (*semi = strchr (*open, ';')) != NULL;
}

/* The name of the function defined on line s (a line that starts with an
 * identifier and opens a parenthesis): the identifier before the '('. */
int
bp_text_defined_name (const char *s, char *name, size_t len)
{
  const char *open = strchr (s, '('), *end = open;

  if (!(isalpha ((unsigned char) s[0]) || s[0] == '_') || open == NULL)
    return 0;
  while (end > s && isspace ((unsigned char) end[-1]))
    end--;
  for (open = end; open > s && (isalnum ((unsigned char) open[-1])
                                || open[-1] == '_');)
    open--;
  if (end == open || (size_t) (end - open) >= len)
    return 0;
  snprintf (name, len, "%.*s", (int) (end - open), open);
  return 1;
}

/* Does line call the function name? */
int
bp_text_calls (const char *line, const char *name)
{
  size_t len = strlen (name);

  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    if (bp_text_word_at (line, p, len)
        && p[len + strspn (p + len, " \t")] == '(')
      return 1;
  return 0;
}

/* The function that the statement on line s calls, when it is a call
 * (and not if (...), for (...) and the like), into name. */
int
bp_text_called_name (const char *s, char *name, size_t len)
{
  static const char *const keywords[] = { "if", "for", "while", "switch",
    "return", "sizeof", NULL };
  const char *p = s + strspn (s, " \t");
  size_t n = 0;

  while (isalnum ((unsigned char) p[n]) || p[n] == '_')
    n++;
  if (n == 0 || n >= len || isdigit ((unsigned char) *p)
      || p[n + strspn (p + n, " \t")] != '(')
    return 0;
  snprintf (name, len, "%.*s", (int) n, p);
  for (int k = 0; keywords[k]; k++)
    if (strcmp (name, keywords[k]) == 0)
      return 0;
  return 1;
}

int
bp_text_value_call (const char *s, char *name, size_t len)
{
  size_t op;

  if (bp_text_called_name (s, name, len))
    return 1;
  for (size_t i = 0; s[i] && s[i] != '(' && s[i] != ';'; i++)
    if (bp_text_assignment_at (s, i, &op))
      return op == 1 && bp_text_called_name (s + i + 1, name, len);
  return 0;
}

int
bp_text_tested_call (const char *s, char *name, size_t len)
{
  const char *p = s + strspn (s, " \t");

  if (strncmp (p, "if", 2) != 0 || (isalnum ((unsigned char) p[2])
                                    || p[2] == '_'))
    return bp_text_value_call (s, name, len);
  p += 2 + strspn (p + 2, " \t");
  if (*p++ != '(')
    return 0;
  p += strspn (p, " \t!(");
  {                             /* if ((err = f (...)) != 0) */
    const char *q = p;
    while (isalnum ((unsigned char) *q) || *q == '_')
      q++;
    q += strspn (q, " \t");
    if (q > p && *q == '=' && q[1] != '=')
      p = q + 1 + strspn (q + 1, " \t");
  }
  return bp_text_called_name (p, name, len);
}

char (*bp_text_whole (const char *path, int *n))[LINE_MAX_LEN]
{
  char (*buf)[LINE_MAX_LEN] = calloc (FILE_LINES, LINE_MAX_LEN);

  *n = buf ? bp_text_read_into (path, 1, FILE_LINES, buf) : 0;
  return buf;
}

int
bp_text_done (char (*buf)[LINE_MAX_LEN], int found, int first, char *text,
              size_t len)
{
  if (found > 0 && text)
    bp_text_trim_into (buf[found - first], text, len);
  free (buf);
  return found;
}

/* Does line assign the identifier name a value that passes test?  test
 * gets the assignment's operator and its length (1 for =, 2 for +=). */
int
bp_text_assigned_so (const char *line, const char *name,
             int (*test) (const char *op, size_t len))
{
  size_t len = strlen (name), op;

  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    {
      const char *q = p + len + strspn (p + len, " \t");
      if (bp_text_word_at (line, p, len) && bp_text_assignment_at (q, 0, &op)
          && test (q, op))
        return 1;
    }
  return 0;
}

/* The last argument of the call that starts at p (at its name), into
 * buf; NULL when its parentheses do not close on the line. */
const char *
bp_text_last_argument (const char *p, char *buf, size_t len)
{
  const char *open = strchr (p, '('), *comma = NULL;
  int depth = 0;

  for (const char *q = open; q && *q; q++)
    {
      depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
      if (*q == ',' && depth == 1)
        comma = q;
      if (depth == 0)
        {
          if (comma == NULL)
            return NULL;
          snprintf (buf, len, "%.*s", (int) (q - comma - 1), comma + 1);
          return buf;
        }
    }
  return NULL;
}

/* The expression a statement stores: the last argument of a ..._set (...)
 * call, or what follows the first assignment, or, for a statement that is
 * one call (a macro, S (g->dW1, i, j, s)), the call's last argument. */
const char *
bp_text_stored_expression (const char *line, char *buf, size_t len)
{
  const char *set = strstr (line, "_set"), *p;
  size_t op;

  if (set && bp_text_last_argument (set, buf, len))
    return buf;
  for (size_t i = 0; line[i]; i++)
    if (bp_text_assignment_at (line, i, &op))
      {
        snprintf (buf, len, "%s", line + i + op);
        return buf;
      }
  p = line + strspn (line, " \t");
  if ((isalpha ((unsigned char) *p) || *p == '_')
      && p[strspn (p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   "0123456789_ \t")] == '(')
    return bp_text_last_argument (p, buf, len);
  return NULL;
}

/* The plain variable names in expression e: identifiers that are neither
 * called, nor members, nor C keywords. */
int
bp_text_variable_names (const char *e, char names[MAX_NAMES][NAME_LEN])
{
  static const char *const skip[] = { "double", "float", "int", "size_t",
    "const", "return", "sizeof", NULL };
  int n = 0;
  size_t len;

  for (const char *p = e;
       n < MAX_NAMES && (p = bp_text_next_identifier (e, p, &len));
       p += len)
    {
      int member = (p - e >= 1 && p[-1] == '.')
        || (p - e >= 2 && p[-1] == '>' && p[-2] == '-');
      if (!member && p[len + strspn (p + len, " ")] != '(' && len < NAME_LEN)
        {
          int keyword = 0;
          snprintf (names[n], NAME_LEN, "%.*s", (int) len, p);
          for (int s = 0; skip[s]; s++)
            keyword |= strcmp (names[n], skip[s]) == 0;
          n += !keyword;
        }
    }
  return n;
}

int
bp_text_any_assignment (const char *q, size_t op)
{
  (void) q;
  return op > 0;
}

/* Is e, but for spaces and a final ';', one identifier? */
int
bp_text_bare_variable (const char *e)
{
  size_t i = strspn (e, " \t"), j = i;
  if (!(isalpha ((unsigned char) e[j]) || e[j] == '_'))
    return 0;
  while (isalnum ((unsigned char) e[j]) || e[j] == '_')
    j++;
  return e[j + strspn (e + j, " \t;\n")] == '\0';
}

/* The n-th argument (from 0) of the ..._set (...) call on line, when it
 * is one identifier, into name. */
int
bp_text_set_argument (const char *line, int n, char *name, size_t len)
{
  const char *p = strstr (line, "_set");
  char arg[NAME_LEN];
  int depth = 0, k = 0;
  size_t used = 0, skip;

  if (p == NULL || (p = strchr (p, '(')) == NULL)
    return 0;
  for (p++; *p && depth >= 0; p++)
    {
      depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
      if (depth == 0 && *p == ',')
        k++;
      else if (k == n && depth >= 0 && used + 1 < sizeof arg)
        arg[used++] = *p;
    }
  arg[used] = '\0';
  if (!bp_text_bare_variable (arg))
    return 0;
  skip = strspn (arg, " \t");
  snprintf (name, len, "%.*s", (int) strcspn (arg + skip, " \t;"),
            arg + skip);
  return 1;
}

/* The text of what a store statement stores into: before its assignment,
 * or a call's arguments but the last (gsl_matrix_set (g->dW1, i, j, s):
 * "g->dW1, i, j"), into buf. */
void
bp_text_stored_into (const char *stmt, char *buf, size_t len)
{
  const char *open = strchr (stmt, '('), *comma = NULL;
  int depth = 0;
  size_t op;

  buf[0] = '\0';
  for (size_t i = 0; stmt[i]; i++)
    if (bp_text_assignment_at (stmt, i, &op))
      {
        snprintf (buf, len, "%.*s", (int) i, stmt);
        return;
      }
  for (const char *q = open; q && *q; q++)
    {
      depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
      if (*q == ',' && depth == 1)
        comma = q;
      if (depth == 0)
        break;
    }
  if (open && comma)
    snprintf (buf, len, "%.*s", (int) (comma - open - 1), open + 1);
}

/* The array that expression e names first, past the structures that
 * hold it (db1 of g->db1->data, dp1 of dp1[i * H + k]), into name;
 * whether there is one. */
int
bp_text_array_name (const char *e, char name[NAME_LEN])
{
  for (const char *p = e; *p; p++)
    if ((isalpha ((unsigned char) *p) || *p == '_')
        && (p == e || !(isalnum ((unsigned char) p[-1]) || p[-1] == '_')))
      {
        size_t n = strspn (p, "abcdefghijklmnopqrstuvwxyz"
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
        const char *q = p + n + strspn (p + n, " \t");
        int member = strncmp (q, "->", 2) == 0 || *q == '.';
        const char *r = q + (*q == '.' ? 1 : 2);
        r += strspn (r, " \t");
        if (n < NAME_LEN && !(member && strncmp (r, "data", 4) != 0
                              && strncmp (r, "tda", 3) != 0))
          {
            snprintf (name, NAME_LEN, "%.*s", (int) n, p);
            return strcmp (name, "double") && strcmp (name, "const")
              && strcmp (name, "float");
          }
        p += n - 1;
      }
  return 0;
}

/* The identifier that the comparison on line t tests, into name (r of
 * if (r[j] < 0)); whether there is one. */
int
bp_text_tested_name (const char *t, char name[NAME_LEN])
{
  const char *op = t, *p;

  for (op = t + strcspn (t, "<>"); *op && op > t && op[-1] == '-';)
    op += 1 + strcspn (op + 1, "<>");   /* past -> */
  if (*op == '\0')
    return 0;
  p = op;
  while (p > t && (p[-1] == ' ' || p[-1] == '\t' || p[-1] == ']'
                   || p[-1] == ')'))
    {                             /* back over r[j] to r */
      if (p[-1] == ']' || p[-1] == ')')
        for (int depth = 0; p > t; )
          {
            p--;
            depth += *p == ']' || *p == ')' ? 1 : *p == '[' || *p == '('
              ? -1 : 0;
            if (depth == 0)
              break;
          }
      else
        p--;
    }
  while (p > t && (isalnum ((unsigned char) p[-1]) || p[-1] == '_'))
    p--;
  if (strncmp (p, "gsl_", 4) == 0 && strchr (p, '(') && strchr (p, '(') < op)
    p = strchr (p, '(') + 1;    /* gsl_matrix_get (x, i, j) <= 0: x */
  return bp_text_array_name (p, name);
}

int
bp_text_target_name (const char *stmt, char *name, size_t len)
{
  char piece[LINE_MAX_LEN];
  const char *open, *last = NULL;
  size_t op, at = 0;
  int assigns = 0;

  for (size_t i = 0; stmt[i] && !assigns; i++)
    if (bp_text_assignment_at (stmt, i, &op))
      assigns = 1, at = i;
  if (assigns)
    {                           /* *gsl_matrix_ptr (dW, i, j) +=, dW[k] += */
      snprintf (piece, sizeof piece, "%.*s", (int) at, stmt);
      if ((open = strchr (piece, '(')) != NULL
          && !bp_text_list_item (open, 0, piece, sizeof piece))
        return 0;
    }
  else if ((open = strchr (stmt, '(')) == NULL
           || !(strstr (stmt, "axpy")
                ? bp_text_last_argument (stmt, piece, sizeof piece) != NULL
                : bp_text_list_item (open, 0, piece, sizeof piece)))
    return 0;                   /* axpy (a, x, y) writes y; the rest their
                                   first argument */
  /* the last name before an index: dW1 of g->dW1, dW of dW[k] */
  for (const char *p = piece; *p && *p != '['; p++)
    if ((isalpha ((unsigned char) *p) || *p == '_')
        && (p == piece || !(isalnum ((unsigned char) p[-1]) || p[-1] == '_')))
      {
        size_t n = strspn (p, "abcdefghijklmnopqrstuvwxyz"
                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
        if (n < NAME_LEN && !(n == 4 && strncmp (p, "data", 4) == 0))
          last = p;             /* (d, a name, is not ->data) */
        if (last == p)
          snprintf (name, len, "%.*s", (int) n, p);
        p += n - 1;
      }
  return last != NULL;
}

/* The k-th comma-separated piece (from 0) of the parenthesised list
 * that starts at open, into piece; whether there is one. */
int
bp_text_list_item (const char *open, int k, char *piece, size_t len)
{
  const char *from = open + 1;
  int depth = 0;

  for (const char *p = open + 1; *p; p++)
    {
      if (*p == '(' || *p == '[')
        depth++;
      else if ((*p == ')' || *p == ']') && depth > 0)
        depth--;
      else if ((*p == ',' || *p == ')') && depth == 0)
        {
          if (k-- == 0)
            {
              snprintf (piece, len, "%.*s", (int) (p - from), from);
              return 1;
            }
          if (*p == ')')
            return 0;
          from = p + 1;
        }
    }
  return 0;
}

int
bp_text_declared_name (const char *s, char *name, size_t len)
{
  const char *p = s + strspn (s, " \t");
  size_t op, words = 0;

  for (size_t i = 0; p[i] && p[i] != '(' && p[i] != '['; i++)
    {
      if ((isalpha ((unsigned char) p[i]) || p[i] == '_')
          && (i == 0 || !(isalnum ((unsigned char) p[i - 1])
                          || p[i - 1] == '_')))
        words++;
      if (bp_text_assignment_at (p, i, &op))
        {
          if (op != 1 || words < 2 || memchr (p, '>', i)
              || strncmp (p, "return", 6) == 0)
            return 0;
          return bp_text_target_name (p, name, len);
        }
    }
  return 0;
}

int
bp_text_number (const char *s, size_t len, double *value)
{
  char t[LINE_MAX_LEN], *end;
  const char *p;

  snprintf (t, sizeof t, "%.*s", (int) len, s);
  p = t + strspn (t, " \t(");
  if (!isdigit ((unsigned char) *p) && *p != '.')
    return 0;
  *value = strtod (p, &end);
  return end != p && end[strspn (end, " \t);")] == '\0';
}

int
bp_text_stores_zero (const char *s, const char *into)
{
  char e[LINE_MAX_LEN], target[LINE_MAX_LEN];
  double v;

  if (bp_text_stored_expression (s, e, sizeof e) == NULL
      || !bp_text_number (e, strlen (e), &v) || v != 0.0)
    return 0;
  if (into == NULL)
    return 1;
  bp_text_stored_into (s, target, sizeof target);
  return bp_text_mentions (target, into);
}

int
bp_text_clears (const char *s, size_t len)
{
  char t[LINE_MAX_LEN];

  snprintf (t, sizeof t, "%.*s", (int) len, s);
  return strstr (t, "set_zero") || strstr (t, "memset")
    || strstr (t, "_set_all");
}

int
bp_text_copy_arguments (const char *s, char *dst, char *src, size_t len)
{
  const char *p = strstr (s, "memcpy");
  char piece[LINE_MAX_LEN];

  if (p == NULL)
    p = strstr (s, "memmove");
  if (p == NULL || (p = strchr (p, '(')) == NULL
      || !bp_text_list_item (p, 0, piece, sizeof piece))
    return 0;
  if (dst)
    snprintf (dst, len, "%s", piece);
  if (src && !bp_text_list_item (p, 1, src, len))
    src[0] = '\0';
  return 1;
}
