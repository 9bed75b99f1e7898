/* srcline.c -- from the line of a store to the line of the mistake (see
 * srcline.h). */

#include <config.h>

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "srcline.h"

enum { LOOK_BACK = 12, LINE_MAX_LEN = 512, MAX_NAMES = 8, NAME_LEN = 64,
       STATEMENT_LINES = 6, COPY_LOOK_BACK = 80, FILE_LINES = 4000 };

/* Lines from .. to of path into buf (row i is line from + i); returns
 * how many were read.  A line longer than a row keeps its beginning. */
static int
read_into (const char *path, int from, int to, char buf[][LINE_MAX_LEN])
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

/* Lines last - LOOK_BACK .. last of path into buf (row i is line
 * first + i); returns the first line read, or 0. */
static int
read_lines (const char *path, int last, char buf[][LINE_MAX_LEN])
{
  int first = last - LOOK_BACK > 1 ? last - LOOK_BACK : 1;

  return read_into (path, first, last, buf) == last - first + 1 ? first : 0;
}

/* Is s[i] the start of an assignment operator: =, +=, -=, *=, /=, not
 * ==, <=, >=, !=?  Sets *len to the operator's length. */
static int
assignment_at (const char *s, size_t i, size_t *len)
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
static int
word_at (const char *s, const char *p, size_t len)
{
  return !(p > s && (isalnum ((unsigned char) p[-1]) || p[-1] == '_'))
    && !isalnum ((unsigned char) p[len]) && p[len] != '_';
}

/* Does line name the identifier name? */
static int
mentions (const char *line, const char *name)
{
  size_t len = strlen (name);

  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    if (word_at (line, p, len))
      return 1;
  return 0;
}

/* The next identifier of s at or after p, its length into *len; NULL
 * when there is none. */
static const char *
next_identifier (const char *s, const char *p, size_t *len)
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

/* Does line assign the identifier name a value that passes test?  test
 * gets the assignment's operator and its length (1 for =, 2 for +=). */
static int
assigned_so (const char *line, const char *name,
             int (*test) (const char *op, size_t len))
{
  size_t len = strlen (name), op;

  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    {
      const char *q = p + len + strspn (p + len, " \t");
      if (word_at (line, p, len) && assignment_at (q, 0, &op) && test (q, op))
        return 1;
    }
  return 0;
}

/* The value of the assignment at q (its operator of length op), past
 * blanks (and opening parentheses with `parens'). */
static const char *
value_of (const char *q, size_t op, int parens)
{
  return q + op + strspn (q + op, parens ? " \t(" : " \t");
}

/* The last argument of the call that starts at p (at its name), into
 * buf; NULL when its parentheses do not close on the line. */
static const char *
last_argument (const char *p, char *buf, size_t len)
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
static const char *
stored_expression (const char *line, char *buf, size_t len)
{
  const char *set = strstr (line, "_set"), *p;
  size_t op;

  if (set && last_argument (set, buf, len))
    return buf;
  for (size_t i = 0; line[i]; i++)
    if (assignment_at (line, i, &op))
      {
        snprintf (buf, len, "%s", line + i + op);
        return buf;
      }
  p = line + strspn (line, " \t");
  if ((isalpha ((unsigned char) *p) || *p == '_')
      && p[strspn (p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                   "0123456789_ \t")] == '(')
    return last_argument (p, buf, len);
  return NULL;
}

/* The plain variable names in expression e: identifiers that are neither
 * called, nor members, nor C keywords. */
static int
variable_names (const char *e, char names[MAX_NAMES][NAME_LEN])
{
  static const char *const skip[] = { "double", "float", "int", "size_t",
    "const", "return", "sizeof", NULL };
  int n = 0;
  size_t len;

  for (const char *p = e; n < MAX_NAMES && (p = next_identifier (e, p, &len));
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

/* Is the assignment at q a plain one of a number, name = 0.0;? */
static int
sets_number (const char *q, size_t op)
{
  const char *v = value_of (q, op, 0);
  size_t digits = strspn (v, "0123456789.");

  return op == 1 && digits > 0 && !(digits == 1 && *v == '.')
    && v[digits + strspn (v + digits, " \t")] == ';';
}

static int
sets_other (const char *q, size_t op)
{
  return !sets_number (q, op);
}

/* Does line assign name something other than a constant?  (tmp = 0;
 * starts a variable off: not where a value is made.) */
static int
assigns (const char *line, const char *name)
{
  return assigned_so (line, name, sets_other);
}

/* Does s compare (==, !=, <, >, <=, >=, or a ?: choice)?  An arrow (->)
 * and shifts are not comparisons. */
static int
compares (const char *s)
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

/* Is e, but for spaces and a final ';', one identifier? */
static int
bare_variable (const char *e)
{
  size_t i = strspn (e, " \t"), j = i;
  if (!(isalpha ((unsigned char) e[j]) || e[j] == '_'))
    return 0;
  while (isalnum ((unsigned char) e[j]) || e[j] == '_')
    j++;
  return e[j + strspn (e + j, " \t;\n")] == '\0';
}

/* Is line s the end of the function before (its closing brace) or the
 * start of this one (its name and parameters at the left margin)?  Looking
 * back from a store stops there. */
static int
function_edge (const char *s)
{
  return s[0] == '}' || (isalpha ((unsigned char) s[0]) && strchr (s, '('));
}

/* Is line s part of a comment (starting with //, slash-star, or the star
 * of a comment's inner line), or blank? */
static int
comment_or_blank (const char *s)
{
  s += strspn (s, " \t");
  return s[0] == '*' || (s[0] == '/' && (s[1] == '/' || s[1] == '*'))
    || s[0] == '\0' || s[0] == '\n';
}

static void
trim_into (const char *line, char *text, size_t len)
{
  while (isspace ((unsigned char) *line))
    line++;
  snprintf (text, len, "%s", line);
  for (size_t n = strlen (text); n > 0 && isspace ((unsigned char) text[n - 1]);)
    text[--n] = '\0';
}

/* The statement that starts at row `row' of buf (n rows), its lines
 * joined, into stmt. */
static void
join_statement (char buf[][LINE_MAX_LEN], int row, int n, char *stmt,
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

/* Is e a variable plus a penalty (s + 2 * reg * W1[i][j])?  The
 * variable into name. */
static int
penalised_sum (const char *e, char *name, size_t len)
{
  const char *p = e + strspn (e, " \t");
  size_t n = 0;

  while (isalnum ((unsigned char) p[n]) || p[n] == '_')
    n++;
  if (n == 0 || n >= len || isdigit ((unsigned char) *p)
      || p[n + strspn (p + n, " \t")] != '+' || !mentions (p + n, "reg"))
    return 0;
  snprintf (name, len, "%.*s", (int) n, p);
  return 1;
}

int
bp_srcline_mistake (const char *path, int line, char *text, size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (LOOK_BACK + STATEMENT_LINES,
                                      LINE_MAX_LEN);
  char stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN] = "", names[MAX_NAMES][NAME_LEN];
  int first = line - LOOK_BACK > 1 ? line - LOOK_BACK : 1, found = line;
  int rows = buf && line > 0
    ? read_into (path, first, line + STATEMENT_LINES - 1, buf) : 0;
  int n, bare;

  if (rows < line - first + 1)
    {
      free (buf);
      return line;
    }
  /* a store of one variable, as it is: the line that computed it; a
   * store that computes with an indicator made just before (k == y[i] ? 1
   * : 0, z >= 0 ? 1 : 0), that line, as masks and one-hots are where such
   * mistakes live; a store that compares itself (up > 0 ? up : 0) stays */
  join_statement (buf, line - first, rows, stmt, sizeof stmt);
  bare = stored_expression (stmt, expr, sizeof expr) && bare_variable (expr);
  n = expr[0] && (bare || !compares (expr)) ? variable_names (expr, names) : 0;
  if (!bare && penalised_sum (expr, names[0], NAME_LEN))
    bare = n = 1;       /* s + 2 * reg * W[i][j]: as s is stored, s's line */
  for (int l = line - 1; l >= first && found == line && n > 0; l--)
    {
      const char *s = buf[l - first];
      if (function_edge (s))
        break;                  /* the function's start or the one before */
      for (int k = 0; k < n; k++)
        if (assigns (s, names[k]) && (bare || compares (s)))
          found = l;
    }
  if (text)
    trim_into (buf[found - first], text, len);
  free (buf);
  return found;
}

/* The n-th argument (from 0) of the ..._set (...) call on line, when it
 * is one identifier, into name. */
static int
set_argument (const char *line, int n, char *name, size_t len)
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
  if (!bare_variable (arg))
    return 0;
  skip = strspn (arg, " \t");
  snprintf (name, len, "%.*s", (int) strcspn (arg + skip, " \t;"),
            arg + skip);
  return 1;
}

/* Does line open a for loop over name: for (name = ..., for (size_t
 * name = ...? */
static int
loop_over (const char *line, const char *name)
{
  const char *p = strstr (line, "for");
  size_t len = strlen (name);

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

int
bp_srcline_loop (const char *path, int line, int arg, char *text, size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (LOOK_BACK + 1, LINE_MAX_LEN);
  int first = buf && line > 0 ? read_lines (path, line, buf) : 0, found = 0;
  char name[NAME_LEN];

  if (first && set_argument (buf[line - first], arg, name, sizeof name))
    for (int l = line - 1; l >= first && found == 0; l--)
      if (loop_over (buf[l - first], name))
        found = l;
  if (found && text)
    trim_into (buf[found - first], text, len);
  free (buf);
  return found;
}

int
bp_srcline_mentions (const char *path, int line, const char *name,
                     char *text, size_t len)
{
  char buf[STATEMENT_LINES][LINE_MAX_LEN];
  int n = line > 0 ? read_into (path, line, line + STATEMENT_LINES - 1, buf)
    : 0;

  for (int i = 0; i < n; i++)
    {
      if (mentions (buf[i], name))
        {
          if (text)
            trim_into (buf[i], text, len);
          return line + i;
        }
      if (strchr (buf[i], ';') || strchr (buf[i], '{'))
        break;
    }
  return 0;
}

/* Does line guard a statement with a bound on name: if (name < C)? */
static int
guards (const char *line, const char *name)
{
  const char *p = strstr (line, "if");
  size_t len = strlen (name);

  if (p == NULL || !word_at (line, p, 2) || strstr (line, "for"))
    return 0;
  for (p = strstr (p, name); p; p = strstr (p + 1, name))
    if (word_at (line, p, len) && p[len + strspn (p + len, " \t")] == '<')
      return 1;
  return 0;
}

int
bp_srcline_condition (const char *path, int line, char *text, size_t len)
{
  char buf[LOOK_BACK + 1][LINE_MAX_LEN];
  int first = line > 0 ? read_lines (path, line, buf) : 0, found = 0;

  for (int l = line - 1; first && l >= first && l >= line - 3 && !found; l--)
    {
      const char *s = buf[l - first] + strspn (buf[l - first], " \t");
      if (s[0] == '}' || strncmp (s, "for", 3) == 0)
        break;
      if (strncmp (s, "if", 2) == 0 && !isalnum ((unsigned char) s[2])
          && compares (s))
        found = l;
    }
  if (found && text)
    trim_into (buf[found - first], text, len);
  return found;
}

/* The text of what a store statement stores into: before its assignment,
 * or a call's arguments but the last (gsl_matrix_set (g->dW1, i, j, s):
 * "g->dW1, i, j"), into buf. */
static void
stored_into (const char *stmt, char *buf, size_t len)
{
  const char *open = strchr (stmt, '('), *comma = NULL;
  int depth = 0;
  size_t op;

  buf[0] = '\0';
  for (size_t i = 0; stmt[i]; i++)
    if (assignment_at (stmt, i, &op))
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

/* Add to names (n of them, room for 2 * MAX_NAMES) the variables of the
 * lines from `first' to before `line' of buf that assign one of them a
 * value (s += x[i] * d[i]; xn = gsl_matrix_row (X, n)); how many were
 * added. */
static int
names_made (char buf[][LINE_MAX_LEN], int first, int line,
            char names[][NAME_LEN], int n)
{
  char more[MAX_NAMES][NAME_LEN];
  int added = 0;

  for (int l = first; l < line; l++)
    for (int i = 0; i < n; i++)
      if (assigns (buf[l - first], names[i]))
        {
          int k = variable_names (buf[l - first], more);
          for (int m = 0; m < k && n + added < 2 * MAX_NAMES; m++)
            memcpy (names[n + added++], more[m], NAME_LEN);
          break;
        }
  return added;
}

int
bp_srcline_sample_loop (const char *path, int line, int computed, char *text,
                        size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (LOOK_BACK + STATEMENT_LINES,
                                      LINE_MAX_LEN);
  int first = line - LOOK_BACK > 1 ? line - LOOK_BACK : 1, found = 0;
  int rows = buf && line > 0
    ? read_into (path, first, line + STATEMENT_LINES - 1, buf) : 0;
  char stmt[LINE_MAX_LEN], into[LINE_MAX_LEN], from[2 * LINE_MAX_LEN];
  char lhs[MAX_NAMES][NAME_LEN], rhs[2 * MAX_NAMES][NAME_LEN];
  int nl = 0, nr = 0;

  if (rows >= line - first + 1)
    {
      join_statement (buf, line - first, rows, stmt, sizeof stmt);
      stored_into (stmt, into, sizeof into);
      nl = variable_names (into, lhs);
      if (!stored_expression (stmt, from, sizeof from))
        from[0] = '\0';
      nr = variable_names (from, rhs);
      if (computed >= first && computed < line)
        nr += variable_names (buf[computed - first], rhs + nr);
      if (!strstr (stmt, "_set") && !strchr (stmt, '='))
        nr += variable_names (stmt, rhs + nr);  /* a call: all it reads */
      nr += names_made (buf, first, line, rhs, nr);
    }
  /* a store guarded by a bound just before it (if (i < C) db2[c] += d) */
  if (line - 1 >= first)
    {
      const char *g = buf[line - 1 - first] + strspn (buf[line - 1 - first],
                                                      " \t");
      if (strncmp (g, "if", 2) == 0 && !isalnum ((unsigned char) g[2])
          && strchr (g, '<') && !strchr (g, ';'))
        found = line - 1;
    }
  /* the loop over an index that the stored value reads but the store does
   * not write: the samples summed over */
  for (int l = line; l >= first && found == 0 && nr > 0; l--)
    for (int i = 0; i < nr && found == 0; i++)
      {
        int written = 0;
        for (int k = 0; k < nl; k++)
          written |= strcmp (rhs[i], lhs[k]) == 0;
        if (!written && (loop_over (buf[l - first], rhs[i])
                         || guards (buf[l - first], rhs[i])))
          found = l;
      }
  if (found && text)
    trim_into (buf[found - first], text, len);
  free (buf);
  return found;
}

/* A test of one line against one name (resets, divides, ...). */
typedef int line_test (const char *line, const char *name);

/* The nearest of the `back' lines before the store at line `line', in the
 * same function, on which test holds for name or, when name is NULL, for a
 * variable of the stored expression; 0 when there is none, or when the
 * store's statement holds a character of `unless' (NULL: never).  Its
 * text, trimmed, into text. */
static int
look_back (const char *path, int line, int back, line_test *test,
           const char *name, const char *unless, char *text, size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (back + STATEMENT_LINES, LINE_MAX_LEN);
  int from = line - back > 1 ? line - back : 1, found = 0, k = 0;
  int n = buf && line > 0
    ? read_into (path, from, line + STATEMENT_LINES - 1, buf) : 0;
  char stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN];

  if (n >= line - from + 1 && name)
    k = snprintf (names[0], NAME_LEN, "%s", name) < NAME_LEN;
  else if (n >= line - from + 1)
    {
      join_statement (buf, line - from, n, stmt, sizeof stmt);
      if (!(unless && strpbrk (stmt, unless))
          && stored_expression (stmt, expr, sizeof expr))
        k = variable_names (expr, names);
    }
  for (int l = line - 1; l >= from && found == 0 && k > 0; l--)
    {
      const char *s = buf[l - from];
      if (function_edge (s))
        break;
      for (int i = 0; i < k && found == 0; i++)
        if (test (s, names[i]))
          found = l;
    }
  if (found && text)
    trim_into (buf[found - from], text, len);
  free (buf);
  return found;
}

int
bp_srcline_named_before (const char *path, int line, const char *name,
                         char *text, size_t len)
{
  return look_back (path, line, LOOK_BACK, mentions, name, NULL, text, len);
}

/* Does line set name to a number (acc = 0;, double s = 0.0;), other than
 * as a loop's start? */
static int
resets (const char *line, const char *name)
{
  return !strstr (line, "for (") && !strstr (line, "for(")
    && assigned_so (line, name, sets_number);
}

int
bp_srcline_reset (const char *path, int line, char *text, size_t len)
{
  return look_back (path, line, COPY_LOOK_BACK, resets, NULL, NULL, text, len);
}

/* Is the assignment at q a division: /= ..., or = ... / ...? */
static int
sets_quotient (const char *q, size_t op)
{
  return *q == '/' || (op == 1 && strchr (q + 1, '/'));
}

/* Is the assignment at q an integer literal over something, = 1 / N? */
static int
sets_int_over (const char *q, size_t op)
{
  const char *v = value_of (q, op, 1);

  if (op != 1 || !isdigit ((unsigned char) *v))
    return 0;
  v += strspn (v, "0123456789");
  return v[strspn (v, " \t")] == '/';
}

/* Does line divide name: name /= ..., or name = ... / ...? */
static int
divides (const char *line, const char *name)
{
  return !strstr (line, "for (") && !strstr (line, "for(")
    && assigned_so (line, name, sets_quotient);
}

int
bp_srcline_division (const char *path, int line, char *text, size_t len)
{
  return look_back (path, line, LOOK_BACK, divides, NULL, "/", text, len);
}

/* Does line give name the value of an integer division, name = 1 / N
 * (an integer literal over something), which is 0 when N > 1? */
static int
int_division (const char *line, const char *name)
{
  return assigned_so (line, name, sets_int_over);
}

int
bp_srcline_int_division (const char *path, int line, char *text, size_t len)
{
  return look_back (path, line, COPY_LOOK_BACK, int_division, NULL, NULL,
                    text, len);
}

/* The backward slice.  From a store, the lines that made its operands,
 * nearest first, in the same function: a store into g->dz2 from a
 * temporary Y1 leads to the lines that wrote Y1 (gsl_matrix_sub (Y1, P)),
 * and from them to what they read, until a line shows the cause. */

enum { SLICE_NAMES = 32, SLICE_BACK = 200 };

struct slice {
  char names[SLICE_NAMES][NAME_LEN];
  int n;
  const char *grad;             /* the gradient stored */
};

/* The variable an argument or an assignment's target names: the member
 * after the last -> (g->dz2: dz2; but m->data: m), else the first
 * identifier (&xn.vector: xn; Y[i * C + k]: Y; *p: p). */
static int
base_name (const char *s, const char *end, char *name, size_t len)
{
  const char *at = NULL, *p;
  size_t n = 0;

  for (p = s; p + 1 < end; p++)
    if (p[0] == '-' && p[1] == '>' && strncmp (p + 2, "data", 4) != 0
        && strncmp (p + 2, "matrix", 6) != 0
        && strncmp (p + 2, "vector", 6) != 0
        && !(p > s && p[-1] == ']'))
      at = p + 2;
  if (at == NULL)
    for (at = s; at < end && !(isalpha ((unsigned char) *at) || *at == '_');)
      at++;
  while (at + n < end && (isalnum ((unsigned char) at[n]) || at[n] == '_'))
    n++;
  if (n == 0 || n >= len)
    return 0;
  snprintf (name, len, "%.*s", (int) n, at);
  return 1;
}

/* The variable that the target s .. end of an assignment names: a member
 * as base_name says (g->dz2->data[i]: dz2), else the last identifier
 * before any index (const double *d: d; Y[i * C + k]: Y). */
static void
target_name (const char *s, const char *end, char *name, size_t len)
{
  const char *br = memchr (s, '[', (size_t) (end - s)), *p, *at = NULL;

  for (p = s; p + 1 < end; p++)
    if (p[0] == '-' && p[1] == '>')
      break;
  if (p + 1 < end)
    {
      base_name (s, end, name, len);
      return;
    }
  if (br)
    end = br;
  for (p = s; p < end; p++)
    if ((isalpha ((unsigned char) *p) || *p == '_')
        && (p == s || !(isalnum ((unsigned char) p[-1]) || p[-1] == '_')))
      at = p;
  if (at)
    base_name (at, end, name, len);
}

/* The arguments of the call whose '(' is at open: argument k, from 0,
 * spans *from .. *to; the number of arguments. */
static int
call_argument (const char *open, int k, const char **from, const char **to)
{
  int depth = 0, i = 0;
  const char *start = open + 1;

  for (const char *p = open; *p; p++)
    {
      depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
      if ((depth == 1 && *p == ',') || depth == 0)
        {
          if (i == k)
            {
              *from = start;
              *to = p;
            }
          i++;
          start = p + 1;
          if (depth == 0)
            return i;
        }
    }
  return 0;
}

/* The variables that statement s writes: the target of its assignment;
 * the first argument of a gsl_matrix_ or gsl_vector_ call (scale, sub,
 * memcpy, set ...); the last of a gsl_blas_ call (dgemm's C, dger's A);
 * every argument of a call of the student's own (written, for all we
 * know).  Returns how many there are (0 for a statement that writes
 * nothing we follow: a loop's head, a declaration without a value) and
 * puts the k-th, from 0, into name ("" when it is no plain variable). */
static int
written_name (const char *s, int k, char *name, size_t len)
{
  const char *p = s + strspn (s, " \t"), *open, *a, *b;
  size_t op;
  int n, at;

  name[0] = '\0';
  if (strncmp (p, "for", 3) == 0 || strncmp (p, "while", 5) == 0
      || strncmp (p, "if", 2) == 0 || strncmp (p, "return", 6) == 0)
    return 0;
  for (size_t i = 0; p[i] && p[i] != '('; i++)
    if (assignment_at (p, i, &op))
      {
        if (k == 0)
          target_name (p, p + i, name, len);
        return 1;
      }
  if (!isalpha ((unsigned char) *p) || (open = strchr (p, '(')) == NULL
      || (n = call_argument (open, 0, &a, &b)) == 0)
    return 0;
  if (strncmp (p, "gsl_matrix_", 11) == 0
      || strncmp (p, "gsl_vector_", 11) == 0)
    at = 0, n = 1;
  else if (strncmp (p, "gsl_blas_", 9) == 0)
    at = n - 1, n = 1;
  else if (strncmp (p, "gsl_", 4) == 0 || strncmp (p, "mem", 3) == 0
           || strncmp (p, "free", 4) == 0 || strncmp (p, "printf", 6) == 0)
    return 0;
  else
    at = k;
  if (k < n && call_argument (open, at, &a, &b))
    base_name (a, b, name, len);
  return n;
}

/* Add every identifier of statement s, members included, to sl; but not
 * the gradients other than sl->grad: as the root is wrong given right
 * upstream gradients, its mistake is not in how they were made. */
static void
slice_add (struct slice *sl, const char *s)
{
  static const char *const grads[] = { "dz2", "dW2", "db2", "dp1", "dz1",
    "dW1", "db1", NULL };

  size_t len;

  for (const char *p = s; sl->n < SLICE_NAMES
       && (p = next_identifier (s, p, &len)) != NULL; p += len)
    {
      const char *q = p + len;
      char *name = sl->names[sl->n];
      int known = 0;
      /* a call's name, or a matrix whose shape alone is read (->tda) */
      if (len >= NAME_LEN || q[strspn (q, " \t")] == '('
          || strncmp (q, "->tda", 5) == 0 || strncmp (q, "->size", 6) == 0)
        continue;
      snprintf (name, NAME_LEN, "%.*s", (int) len, p);
      for (int m = 0; m < sl->n; m++)
        known |= strcmp (sl->names[m], name) == 0;
      for (int m = 0; grads[m]; m++)
        known |= strcmp (grads[m], name) == 0 && strcmp (grads[m], sl->grad);
      sl->n += !known;
    }
}

static int
slice_has (const struct slice *sl, const char *name)
{
  for (int m = 0; m < sl->n; m++)
    if (strcmp (sl->names[m], name) == 0)
      return 1;
  return 0;
}

/* A declaration (double s = 0;, const double *d = ...) starts a variable:
 * before it, a variable of that name is another one (a loop's block
 * before this one).  Drop it from sl. */
static int
slice_declared (struct slice *sl, const char *s)
{
  const char *p = s + strspn (s, " \t");
  char name[NAME_LEN];
  size_t op, words = 0;

  for (size_t i = 0; p[i] && p[i] != '(' && p[i] != '['; i++)
    {
      if ((isalpha ((unsigned char) p[i]) || p[i] == '_')
          && (i == 0 || !(isalnum ((unsigned char) p[i - 1])
                          || p[i - 1] == '_')))
        words++;
      if (assignment_at (p, i, &op))
        {
          if (op != 1 || words < 2 || memchr (p, '>', i))
            return 0;
          target_name (p, p + i, name, sizeof name);
          for (int m = 0; sl && m < sl->n; m++)
            if (strcmp (sl->names[m], name) == 0)
              memmove (sl->names[m], sl->names[--sl->n], NAME_LEN);
          return 1;
        }
    }
  return 0;
}

/* Does statement s write a variable of the slice? */
static int
slice_writes (const struct slice *sl, const char *s)
{
  char name[NAME_LEN];
  int n = written_name (s, 0, name, sizeof name);

  for (int k = 0; k < n; k++)
    if ((k == 0 || written_name (s, k, name, sizeof name))
        && slice_has (sl, name))
      return 1;
  return 0;
}

/* Is statement s an integer literal divided by something (1 / N, 1/(N)),
 * which is 0 when the something is a larger integer? */
static int
int_over (const char *s)
{
  for (const char *p = s; *p; p++)
    if (isdigit ((unsigned char) *p) && (p == s || !(isalnum ((unsigned char)
                                                             p[-1])
                                                    || strchr ("._", p[-1]))))
      {
        const char *q = p + strspn (p, "0123456789");
        if (!isalpha ((unsigned char) *q) && *q != '.'
            && q[strspn (q, " \t")] == '/' && q[strspn (q, " \t") + 1] != '/')
          return 1;
        p = q - 1;
      }
  return 0;
}

/* Does statement s show what `shows' asks for? */
static int
shows (const char *s, enum bp_srcline_shows what, const char *name)
{
  switch (what)
    {
    case BP_SHOWS_NAME:
      return mentions (s, name);
    case BP_SHOWS_COMPARISON:
      return compares (s);
    case BP_SHOWS_MINUS:
      for (const char *p = strchr (s, '-'); p; p = strchr (p + 1, '-'))
        if (p[1] != '>' && p[1] != '-' && !(p > s && p[-1] == '-'))
          return 1;
      return strstr (s, "_sub") != NULL;
    case BP_SHOWS_DIVISION:
      for (const char *p = strchr (s, '/'); p; p = strchr (p + 1, '/'))
        if (p[1] != '/' && p[1] != '*' && !(p > s && strchr ("/*", p[-1])))
          return 1;
      return strstr (s, "_div") != NULL;
    case BP_SHOWS_INT_DIVISION:
      return int_over (s);
    case BP_SHOWS_ROW:
      return strstr (s, "_row (") || strstr (s, "_row(");
    }
  return 0;
}

/* The name of the function defined at row r (a line that starts with an
 * identifier and opens a parenthesis): the identifier before the '('. */
static int
defined_name (const char *s, char *name, size_t len)
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
static int
calls (const char *line, const char *name)
{
  size_t len = strlen (name);

  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    if (word_at (line, p, len) && p[len + strspn (p + len, " \t")] == '(')
      return 1;
  return 0;
}

/* The first line of the body of the function callee, defined in buf (n
 * rows), that shows `what' (its loops' heads aside); 0 when none does. */
static int
body_shows (char buf[][LINE_MAX_LEN], int n, const char *callee,
            enum bp_srcline_shows what, const char *name)
{
  char def[NAME_LEN];
  int l = 1;

  for (; l <= n; l++)
    if (defined_name (buf[l - 1], def, sizeof def) && strcmp (def, callee) == 0
        && !strchr (buf[l - 1], ';'))
      break;
  for (l++; l <= n && buf[l - 1][0] != '}'; l++)
    {
      const char *t = buf[l - 1] + strspn (buf[l - 1], " \t");
      if (!comment_or_blank (t) && strncmp (t, "for", 3) != 0
          && strncmp (t, "while", 5) != 0 && shows (t, what, name))
        return l;
    }
  return 0;
}

/* The line of the call of the function that starts at row `def' of buf
 * (n rows) that passes the gradient grad; 0 when there is none. */
static int
call_passing (char buf[][LINE_MAX_LEN], int n, int def, const char *grad)
{
  char callee[NAME_LEN], stmt[LINE_MAX_LEN];

  if (!defined_name (buf[def - 1], callee, sizeof callee))
    return 0;
  for (int l = 1; l <= n; l++)
    if (l != def && !function_edge (buf[l - 1])
        && !comment_or_blank (buf[l - 1]) && calls (buf[l - 1], callee))
      {
        join_statement (buf, l - 1, n, stmt, sizeof stmt);
        if (mentions (stmt, grad))
          return l;
      }
  return 0;
}

/* The slice from the statement at `line' of buf (n rows), as
 * bp_srcline_slice says; `hops' calls out of helpers are left. */
static int
slice_from (char buf[][LINE_MAX_LEN], int n, int line, struct slice *sl,
            enum bp_srcline_shows what, const char *name, int hops)
{
  char stmt[LINE_MAX_LEN], callee[NAME_LEN];
  size_t outer = strspn (buf[line - 1], " \t");

  join_statement (buf, line - 1, n, stmt, sizeof stmt);
  if (shows (stmt, what, name))
    return line;
  slice_add (sl, stmt);
  for (int l = line - 1; l >= 1 && sl->n > 0; l--)
    {
      size_t indent = strspn (buf[l - 1], " \t");
      const char *t = buf[l - 1] + indent;
      int call;
      if (function_edge (buf[l - 1]))
        {                           /* out of a helper: where it is called */
          call = hops > 0 ? call_passing (buf, n, l, sl->grad) : 0;
          return call > 0 ? slice_from (buf, n, call, sl, what, name,
                                        hops - 1) : 0;
        }
      if (comment_or_blank (t))
        continue;
      join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (indent < outer)
        {                           /* a head the store is inside */
          outer = indent;
          if (strncmp (t, "if", 2) == 0 && !isalnum ((unsigned char) t[2])
              && what == BP_SHOWS_COMPARISON && shows (t, what, name))
            return l;
          continue;
        }
      if (!slice_writes (sl, stmt))
        continue;
      /* a factor made once (double inv = 1.0 / N;) is right where it is
       * made; one too many is where it is used.  A helper of the
       * student's that does what the line should show: its call. */
      if ((shows (stmt, what, name)
           && !(what == BP_SHOWS_DIVISION && slice_declared (NULL, stmt)))
          || (what != BP_SHOWS_NAME && isalpha ((unsigned char) *t)
              && strncmp (t, "gsl_", 4) != 0
              && defined_name (t, callee, sizeof callee)
              && body_shows (buf, n, callee, what, name)))
        return l;
      slice_add (sl, stmt);
      slice_declared (sl, stmt);
    }
  return 0;
}

int
bp_srcline_slice (const char *path, int line, const char *grad,
                  enum bp_srcline_shows what, const char *name, char *text,
                  size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (FILE_LINES, LINE_MAX_LEN);
  int n = buf && line > 0 ? read_into (path, 1, FILE_LINES, buf) : 0;
  struct slice sl = { .n = 0, .grad = grad };
  int found = n >= line ? slice_from (buf, n, line, &sl, what, name, 2) : 0;

  if (found && text)
    trim_into (buf[found - 1], text, len);
  free (buf);
  return found;
}

/* The function that the statement on line s calls, when it is a call
 * (and not if (...), for (...) and the like), into name. */
static int
called_name (const char *s, char *name, size_t len)
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
bp_srcline_shared_helper (const char *path, int a, int b,
                          enum bp_srcline_shows what, const char *name,
                          char *text, size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (FILE_LINES, LINE_MAX_LEN);
  int n = buf ? read_into (path, 1, FILE_LINES, buf) : 0, found = 0;
  char fa[NAME_LEN], fb[NAME_LEN];

  if (a != b && a > 0 && b > 0 && a <= n && b <= n
      && called_name (buf[a - 1], fa, sizeof fa)
      && called_name (buf[b - 1], fb, sizeof fb) && strcmp (fa, fb) == 0
      && strncmp (fa, "gsl_", 4) != 0)
    found = body_shows (buf, n, fa, what, name);
  if (found && text)
    trim_into (buf[found - 1], text, len);
  free (buf);
  return found;
}

int
bp_srcline_caller (const char *path, int line, const char *a, const char *b,
                   char *text, size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (FILE_LINES, LINE_MAX_LEN);
  int n = buf && line > 0 ? read_into (path, 1, FILE_LINES, buf) : 0;
  int def = 0, found = 0;
  char name[NAME_LEN], stmt[LINE_MAX_LEN];

  for (int l = line - 1; l >= 1 && l <= n && def == 0; l--)
    if (defined_name (buf[l - 1], name, sizeof name))
      def = l;
  for (int l = 1; def && l <= n && found == 0; l++)
    if (l != def && !function_edge (buf[l - 1])
        && !comment_or_blank (buf[l - 1]) && calls (buf[l - 1], name))
      {                         /* a call, not a prototype or a comment */
        join_statement (buf, l - 1, n, stmt, sizeof stmt);
        if (mentions (stmt, a) && mentions (stmt, b))
          found = l;            /* a call over several lines: all of it */
      }
  if (found && text)
    trim_into (buf[found - 1], text, len);
  free (buf);
  return found;
}

/* The array a copy on line copies from: the second argument of memcpy,
 * memmove, gsl_matrix_memcpy or gsl_vector_memcpy, when it is an
 * identifier (with & before, or ->data or [0] after), into name. */
static int
copy_source (const char *line, char *name, size_t len)
{
  const char *p = strstr (line, "memcpy");
  int depth = 0, k = 0;
  size_t n;

  if (p == NULL)
    p = strstr (line, "memmove");
  if (p == NULL || (p = strchr (p, '(')) == NULL)
    return 0;
  for (p++; *p && k < 1; p++)
    {
      depth += *p == '(' ? 1 : *p == ')' ? -1 : 0;
      k += depth == 0 && *p == ',';
    }
  p += strspn (p, " \t&(");
  n = 0;
  while (isalnum ((unsigned char) p[n]) || p[n] == '_')
    n++;
  if (k != 1 || n == 0 || n >= len)
    return 0;
  snprintf (name, len, "%.*s", (int) n, p);
  return 1;
}

/* Is e, but for spaces and a final ';', one element of an array (a[i],
 * a[i][j], a[i * H + j])?  Its name into name. */
static int
array_element (const char *e, char *name, size_t len)
{
  size_t i = strspn (e, " \t"), j = i;
  int depth = 0;

  while (isalnum ((unsigned char) e[j]) || e[j] == '_')
    j++;
  if (j == i || j - i >= len || isdigit ((unsigned char) e[i]) || e[j] != '[')
    return 0;
  snprintf (name, len, "%.*s", (int) (j - i), e + i);
  for (; e[j] == '['; j++)
    for (; e[j]; j++)
      if ((depth += e[j] == '[' ? 1 : e[j] == ']' ? -1 : 0) == 0)
        break;
  return e[j + strspn (e + j, " \t;\n")] == '\0';
}

/* Does the statement set what it stores (a _set call, or = ), rather than
 * add to it (+=)? */
static int
plain_store (const char *stmt)
{
  size_t op;

  if (strstr (stmt, "_set"))
    return 1;
  for (size_t i = 0; stmt[i]; i++)
    if (assignment_at (stmt, i, &op))
      return op == 1;
  return 1;
}

/* Does line store into the array name: name[...] = (or +=, ...), or
 * name->data[...] =, or a ..._set (name, ...)? */
static int
stores_into (const char *line, const char *name)
{
  size_t len = strlen (name), op;
  char arg[NAME_LEN];

  if (set_argument (line, 0, arg, sizeof arg) && strcmp (arg, name) == 0)
    return 1;
  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    {
      const char *q = p + len;
      int depth = 0;
      if (!word_at (line, p, len))
        continue;
      if (strncmp (q, "->data", 6) == 0)
        q += 6;
      if (*q != '[')
        continue;
      while (*q == '[')             /* a[i][j]: every index */
        {
          for (; *q; q++)
            if ((depth += *q == '[' ? 1 : *q == ']' ? -1 : 0) == 0)
              break;
          if (*q == ']')
            q++;
        }
      q += strspn (q, " \t");
      if (*q && assignment_at (q, 0, &op))
        return 1;
    }
  return 0;
}

/* The nearest line before `line' in the same function of buf (rows from
 * line `from') that stores into one of the k arrays names; 0 when none. */
static int
last_store_into (char buf[][LINE_MAX_LEN], int from, int line,
                 char names[][NAME_LEN], int k)
{
  for (int l = line - 1; l >= from; l--)
    {
      const char *s = buf[l - from];
      for (int i = 0; i < k; i++)
        if (stores_into (s, names[i]))
          return l;
      if (function_edge (s))
        break;
    }
  return 0;
}

int
bp_srcline_copied (const char *path, int line, char *text, size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (COPY_LOOK_BACK + STATEMENT_LINES,
                                      LINE_MAX_LEN);
  int from = line - COPY_LOOK_BACK > 1 ? line - COPY_LOOK_BACK : 1;
  int n = buf && line > 0
    ? read_into (path, from, line + STATEMENT_LINES - 1, buf) : 0, found = 0;
  char name[1][NAME_LEN], stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN];

  if (n >= line - from + 1)
    join_statement (buf, line - from, n, stmt, sizeof stmt);
  if (n >= line - from + 1
      && (copy_source (stmt, name[0], sizeof name[0])
          || (plain_store (stmt)
              && stored_expression (stmt, expr, sizeof expr)
              && array_element (expr, name[0], sizeof name[0]))))
    found = last_store_into (buf, from, line, name, 1);
  if (found && text)
    trim_into (buf[found - from], text, len);
  free (buf);
  return found;
}

/* Does the statement at line `line' of path store one array element as
 * it is (a copy)? */
static int
copies_element (const char *path, int line)
{
  char buf[STATEMENT_LINES][LINE_MAX_LEN];
  char stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN], name[NAME_LEN];
  int n = line > 0 ? read_into (path, line, line + STATEMENT_LINES - 1, buf)
    : 0;

  if (n == 0)
    return 0;
  join_statement (buf, 0, n, stmt, sizeof stmt);
  return stored_expression (stmt, expr, sizeof expr)
    && array_element (expr, name, sizeof name);
}

int
bp_srcline_copied_helper (const char *path, int line, const char *grad,
                          char *text, size_t len)
{
  int call = copies_element (path, line)
    ? bp_srcline_caller (path, line, grad, grad, NULL, 0) : 0;
  char (*buf)[LINE_MAX_LEN] = call ? calloc (COPY_LOOK_BACK + 1,
                                             LINE_MAX_LEN) : NULL;
  int from = call - COPY_LOOK_BACK > 1 ? call - COPY_LOOK_BACK : 1;
  int n = buf ? read_into (path, from, call, buf) : 0, found = 0;
  char names[MAX_NAMES][NAME_LEN];

  if (call > 0 && n == call - from + 1)
    found = last_store_into (buf, from, call, names,
                             variable_names (buf[call - from], names));
  if (found && text)
    trim_into (buf[found - from], text, len);
  free (buf);
  return found;
}

#ifdef HAVE_LIBDW
# include <dwarf.h>

/* A header of the system's (GSL's, libc's), not the student's. */
static int
system_file (const char *file)
{
  return strncmp (file, "/usr/", 5) == 0;
}

/* The call site (file, line) of the inlined subroutine die, in cu. */
static int
call_site (Dwarf_Die *cu, Dwarf_Die *die, const char **file, int *line)
{
  Dwarf_Attribute a;
  Dwarf_Word fno, lno;
  Dwarf_Files *files;
  size_t nfiles;

  if (dwarf_formudata (dwarf_attr (die, DW_AT_call_file, &a), &fno) != 0
      || dwarf_formudata (dwarf_attr (die, DW_AT_call_line, &a), &lno) != 0
      || dwarf_getsrcfiles (cu, &files, &nfiles) != 0 || fno >= nfiles)
    return -1;
  *file = dwarf_filesrc (files, fno, NULL, NULL);
  *line = (int) lno;
  return *file ? 0 : -1;
}

int
bp_srcline_at (Dwfl_Module *mod, Dwarf_Addr addr, const char **file,
               int *line)
{
  Dwfl_Line *l = dwfl_module_getsrc (mod, addr);
  Dwarf_Addr bias;
  Dwarf_Die *cu, *scopes = NULL;
  int n;

  if (l == NULL || (*file = dwfl_lineinfo (l, NULL, line, NULL, NULL,
                                           NULL)) == NULL || *line <= 0)
    return -1;
  if (!system_file (*file)
      || (cu = dwfl_module_addrdie (mod, addr, &bias)) == NULL)
    return 0;
  /* innermost scope first: each inlined subroutine's call site is a line
   * of the code around it */
  n = dwarf_getscopes (cu, addr - bias, &scopes);
  for (int i = 0; i < n && system_file (*file); i++)
    if (dwarf_tag (&scopes[i]) == DW_TAG_inlined_subroutine)
      call_site (cu, &scopes[i], file, line);
  free (scopes);
  return 0;
}
#endif
