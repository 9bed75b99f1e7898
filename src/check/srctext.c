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

/* Is line s part of a comment (starting with //, slash-star, or the star
 * of a comment's inner line), or blank? */
size_t
bp_text_indent (const char *s)
{
  size_t col = 0;

  for (; *s == ' ' || *s == '\t'; s++)
    col = *s == '\t' ? (col / 8 + 1) * 8 : col + 1;
  return col;
}

int
bp_text_comment_or_blank (const char *s)
{
  s += strspn (s, " \t");
  return s[0] == '*' || (s[0] == '/' && (s[1] == '/' || s[1] == '*'))
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
