/* srccopy.c -- from a store that copies to where what it copies was
 * made (see srccopy.h). */

#include <config.h>

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backprop/grads.h"
#include "srccopy.h"
#include "srchelper.h"
#include "srcline.h"
#include "srctext.h"

/* The array a copy on line copies from: the second argument of memcpy,
 * memmove, gsl_matrix_memcpy or gsl_vector_memcpy, when it is an
 * identifier (with & before, or ->data or [0] after), into name. */
static int
copy_source (const char *line, char *name, size_t len)
{
  char src[LINE_MAX_LEN];
  const char *p = src;
  size_t n = 0;

  if (!bp_text_copy_arguments (line, NULL, src, sizeof src))
    return 0;
  p += strspn (p, " \t&(");
  while (isalnum ((unsigned char) p[n]) || p[n] == '_')
    n++;
  if (n == 0 || n >= len)
    return 0;
  snprintf (name, len, "%.*s", (int) n, p);
  return 1;
}

/* The same, with a struct's member kept when GSL copies it
 * (gsl_matrix_memcpy (g->dz2, ws->dscores): a workspace's matrix) unless
 * it is a gradient of the struct copied into (g->dp1) or an array's own
 * (->data, .matrix).  A gradient of another struct is the student's own
 * (gsl_matrix_memcpy (g->dW2, grad.dW2)). */
static int
copy_source_member (const char *line, char *name, size_t len)
{
  char src[LINE_MAX_LEN], dst[LINE_MAX_LEN], member[NAME_LEN];
  const char *p = src, *d = dst, *m;
  size_t n = 0, k = 0;

  if (!strstr (line, "gsl_matrix_memcpy")
      && !strstr (line, "gsl_vector_memcpy"))
    return copy_source (line, name, len);   /* (memcpy (..., dW1->v, ...):
                                               an array's own data) */
  if (!bp_text_copy_arguments (line, dst, src, sizeof src))
    return 0;
  p += strspn (p, " \t&(");
  d += strspn (d, " \t&(");
  while (isalnum ((unsigned char) p[n]) || p[n] == '_')
    n++;
  m = p + n + (p[n] == '.' ? 1 : strncmp (p + n, "->", 2) == 0 ? 2 : 0);
  if (n == 0 || m == p + n)
    return copy_source (line, name, len);
  while ((isalnum ((unsigned char) m[k]) || m[k] == '_')
         && k + 1 < sizeof member)
    k++;
  snprintf (member, sizeof member, "%.*s", (int) k, m);
  if (k == 0 || (bp_grad_lookup (member) >= 0 && strncmp (d, p, n) == 0
                 && !isalnum ((unsigned char) d[n]) && d[n] != '_')
      || !strcmp (member, "data")
      || !strcmp (member, "matrix") || !strcmp (member, "vector")
      || (size_t) (m + k - p) >= len)
    return copy_source (line, name, len);
  snprintf (name, len, "%.*s", (int) (m + k - p), p);
  return 1;
}

/* Is e (from its first name), but for spaces and a final ';', one call
 * that reads one element (gsl_matrix_get (m, i, j), an accessor macro
 * mat_at (m, i, j)): a call of two or three plain arguments?  The first
 * argument's name into name. */
static int
element_call (const char *e, char *name, size_t len)
{
  const char *open = strchr (e, '('), *close;
  char args[LINE_MAX_LEN], first[LINE_MAX_LEN];
  int commas = 0;

  if (open == NULL || (close = strchr (open, ')')) == NULL
      || close[1 + strspn (close + 1, " \t;\n")] != '\0')
    return 0;                   /* not one call, or one with calls in it */
  snprintf (args, sizeof args, "%.*s", (int) (close - open - 1), open + 1);
  if (strchr (args, '('))
    return 0;
  for (const char *p = args; *p; p++)
    commas += *p == ',';
  if (commas < 1 || commas > 2)
    return 0;
  snprintf (first, sizeof first, "%.*s", (int) strcspn (args, ","), args);
  return bp_text_array_name (first, name) && strlen (name) < len;
}

/* Is e, but for spaces and a final ';', one element of an array (a[i],
 * a[i][j], a[i * H + j], A.data[i][j], ws.acc[j]) or a call that reads
 * one?  Its name into name. */
static int
array_element (const char *e, char *name, size_t len)
{
  size_t i = strspn (e, " \t"), j = i;
  int depth = 0;

  while (isalnum ((unsigned char) e[j]) || e[j] == '_')
    j++;
  if (j > i && e[j + strspn (e + j, " \t")] == '(')
    return element_call (e + i, name, len);
  if (j == i || j - i >= len || isdigit ((unsigned char) e[i]))
    return 0;
  if ((e[j] == '.' || strncmp (e + j, "->", 2) == 0)
      && strncmp (e + j + (e[j] == '.' ? 1 : 2), "data", 4) != 0)
    {                           /* a struct's array: ws.acc[j] */
      size_t m = j + (e[j] == '.' ? 1 : 2), k = m;
      while (isalnum ((unsigned char) e[k]) || e[k] == '_')
        k++;
      if (k > m && e[k] == '[' && k - i < len)
        j = k;
    }
  snprintf (name, len, "%.*s", (int) (j - i), e + i);
  if (strncmp (e + j, ".data[", 6) == 0 || strncmp (e + j, "->data[", 7) == 0)
    j += e[j] == '.' ? 5 : 6;   /* a struct's rows: A.data[i][j] */
  if (e[j] != '[')
    return 0;
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
    if (bp_text_assignment_at (stmt, i, &op))
      return op == 1;
  return 1;
}

/* Is p, in line, the first argument of an accessor macro that the line
 * stores through (mat_at (p, i, j) -= 1.0;)? */
static int
accessor_store (const char *line, const char *p)
{
  const char *open = p, *q;
  size_t op;
  int depth = 0;

  while (open > line && (open[-1] == ' ' || open[-1] == '\t'))
    open--;
  if (open == line || open[-1] != '(')
    return 0;
  for (q = open - 1; *q; q++)
    if ((depth += *q == '(' ? 1 : *q == ')' ? -1 : 0) == 0)
      break;
  if (*q != ')')
    return 0;
  q += 1 + strspn (q + 1, " \t");
  return bp_text_assignment_at (q, 0, &op);
}

/* GSL's calls that write a whole matrix or vector they are given: the
 * argument they write, counted from the first (0) or, below 0, from the
 * last (-1).  (slice.c's written_name takes every gsl_matrix_ call for
 * a writer of its first argument, gsl_matrix_set of one entry too; a
 * copy's source is made whole only by these.) */
static const struct { const char *call; int arg; } gsl_writers[] = {
  { "gsl_matrix_memcpy", 0 }, { "gsl_vector_memcpy", 0 },
  { "gsl_matrix_add", 0 }, { "gsl_vector_add", 0 },
  { "gsl_matrix_sub", 0 }, { "gsl_vector_sub", 0 },
  { "gsl_matrix_mul_elements", 0 }, { "gsl_vector_mul", 0 },
  { "gsl_matrix_div_elements", 0 }, { "gsl_vector_div", 0 },
  { "gsl_matrix_scale", 0 }, { "gsl_vector_scale", 0 },
  { "gsl_matrix_transpose_memcpy", 0 },
  { "gsl_blas_dgemm", -1 }, { "gsl_blas_dgemv", -1 },
  { "gsl_blas_dger", -1 }, { "gsl_blas_daxpy", -1 },
  { "gsl_blas_dscal", -1 },
};

/* Is e, the right side of an assignment, memory without values yet:
 * malloc (...), (double *) calloc (...), gsl_matrix_alloc (...), NULL, or
 * a view that only names memory (gsl_matrix_view_array (buf, N, C), but
 * not one of another matrix's values, m->data)?
 * (calloc's zeros are a start, not the values.) */
static int
allocation (const char *e)
{
  static const char *const makers[] = {
    "malloc", "calloc", "realloc", "gsl_matrix_alloc", "gsl_matrix_calloc",
    "gsl_vector_alloc", "gsl_vector_calloc", "NULL",
    "gsl_matrix_view_array", "gsl_vector_view_array"  /* a view: a name */
  };
  size_t n;

  e += strspn (e, " \t");
  if (*e == '(')                /* a cast */
    e = strchr (e, ')') ? strchr (e, ')') + 1 : e;
  e += strspn (e, " \t");
  for (n = 0; isalnum ((unsigned char) e[n]) || e[n] == '_'; n++)
    ;
  for (size_t k = 0; k < sizeof makers / sizeof makers[0]; k++)
    if (strlen (makers[k]) == n && strncmp (e, makers[k], n) == 0)
      return !strstr (makers[k], "_view_array")
        || !strstr (e, "->");   /* (a view of m->data: m's values) */
  return 0;
}

/* Does line make the array name whole: assign the name itself (dW1 =
 * matmul (X, dz1, 1, 0), gsl_matrix *dW1 = ...), as numpy-minded code
 * makes a temporary, or give it to a call of GSL's that writes it
 * (gsl_blas_dgemm (..., dW1), gsl_matrix_scale (dW1, 1.0 / N))? */
static int
makes_whole (const char *line, const char *name)
{
  size_t len = strlen (name), op;

  for (size_t k = 0; k < sizeof gsl_writers / sizeof gsl_writers[0]; k++)
    {
      const char *p = strstr (line, gsl_writers[k].call), *a;
      size_t n = strlen (gsl_writers[k].call);
      int depth = 0, at = 0, args = 0, want = gsl_writers[k].arg;
      if (p == NULL || !bp_text_word_at (line, p, n)
          || *(p += n + strspn (p + n, " 	")) != '(')
        continue;
      for (a = p + 1; *a && depth >= 0; a++)    /* count the arguments */
        {
          depth += *a == '(' ? 1 : *a == ')' ? -1 : 0;
          args += depth == 0 && *a == ',';
        }
      if (want < 0)
        want += args + 1;
      for (a = p + 1, depth = 0; *a && depth >= 0; a++)
        {
          depth += *a == '(' ? 1 : *a == ')' ? -1 : 0;
          if (depth == 0 && *a == ',')
            at++;
          else if (at == want && depth == 0
                   && (isalpha ((unsigned char) *a) || *a == '_')
                   && strncmp (a, name, len) == 0
                   && bp_text_word_at (line, a, len))
            {
              const char *e = a + len + strspn (a + len, " 	");
              if (gsl_writers[k].arg < 0
                  && (strncmp (e, ".matrix", 7) == 0
                      || strncmp (e, ".vector", 7) == 0))
                e += 7 + strspn (e + 7, " 	");   /* a product into
                                                      &vW1.matrix, a
                                                      view's matrix */
              return *e == ',' || *e == ')';
            }
        }
    }
  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    {
      const char *b = p, *q = p + len + strspn (p + len, " 	");
      if (!bp_text_word_at (line, p, len)
          || !bp_text_assignment_at (q, 0, &op) || op != 1
          || allocation (q + 1))
        continue;
      while (b > line && strchr (" \t*", b[-1]))
        b--;
      if (b == line || isalnum ((unsigned char) b[-1]) || b[-1] == '_'
          || b[-1] == ';' || b[-1] == '{' || b[-1] == '(')
        return 1;               /* not a member (s.dW1 =, p->dW1 =) */
    }
  return 0;
}

/* Does line store, with a ..._set, into the member name of a struct
 * (gsl_matrix_set (ws->dscores, i, k, d))? */
static int
set_member (const char *line, const char *name)
{
  const char *p = strstr (line, "_set");
  char piece[LINE_MAX_LEN];
  size_t skip;

  if (!strpbrk (name, ".-") || p == NULL || (p = strchr (p, '(')) == NULL
      || !bp_text_list_item (p, 0, piece, sizeof piece))
    return 0;
  skip = strspn (piece, " \t");
  return strncmp (piece + skip, name, strlen (name)) == 0
    && piece[skip + strlen (name) + strspn (piece + skip + strlen (name),
                                            " \t")] == '\0';
}

/* Does line store into the array name: name[...] = (or +=, ...), or
 * name->data[...] = or name.data[...] =, or a ..._set (name, ...), or an accessor macro's
 * mat_at (name, i, j) =, or make it whole (makes_whole)? */
static int
stores_into (const char *line, const char *name)
{
  size_t len = strlen (name), op;
  char arg[NAME_LEN];

  if ((bp_text_set_argument (line, 0, arg, sizeof arg)
       && strcmp (arg, name) == 0) || makes_whole (line, name)
      || set_member (line, name))
    return 1;
  for (const char *p = strstr (line, name); p; p = strstr (p + 1, name))
    {
      const char *q = p + len;
      int depth = 0;
      if (!bp_text_word_at (line, p, len))
        continue;
      if (accessor_store (line, p))
        return 1;
      if (strncmp (q, "->data", 6) == 0)
        q += 6;
      else if (strncmp (q, ".data", 5) == 0)
        q += 5;                 /* a struct of the student's: m.data[i][j] */
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
      if (*q && bp_text_assignment_at (q, 0, &op))
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
      if (bp_text_function_edge (s))
        break;
    }
  return 0;
}

int
bp_srcline_superseded (const char *path, int line)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], name[NAME_LEN], target[NAME_LEN];
  int start = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0;

  if (start > 0)
    bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
  if (start > 0 && copy_source (stmt, name, sizeof name))
    for (int l = start + 1; l <= n && found == 0
           && !(l > line && bp_text_function_edge (buf[l - 1])); l++)
      {
        const char *t = buf[l - 1], *eq;
        size_t op;
        if (l == line || bp_text_comment_or_blank (t)
            || (eq = strchr (t, '=')) == NULL
            || !bp_text_mentions (eq + 1, name)
            || strstr (t, "memcpy") || strstr (t, "for"))
          continue;
        for (size_t i = 0; t[i] && t + i < eq + 1; i++)
          if (bp_text_assignment_at (t, i, &op) && op == 1)
            {                   /* its target: the name before the = */
              size_t e = i, b;
              while (e > 0 && strchr (" \t", t[e - 1]))
                e--;
              for (b = e; b > 0 && (isalnum ((unsigned char) t[b - 1])
                                    || t[b - 1] == '_'); b--)
                ;
              if (e > b && e - b < sizeof target)
                {
                  snprintf (target, sizeof target, "%.*s", (int) (e - b),
                            t + b);
                  found = strcmp (target, name) != 0;
                }
              break;
            }
      }
  free (buf);
  return found;
}

/* Does line copy into the gradient grad: its first argument, of memcpy,
 * memmove, gsl_matrix_memcpy or gsl_vector_memcpy, mentions grad? */
static int
copies_into (const char *line, const char *grad)
{
  char dst[LINE_MAX_LEN];

  return bp_text_copy_arguments (line, dst, NULL, sizeof dst)
    && bp_text_mentions (dst, grad);
}

int
bp_srcline_recopied (const char *path, int line, const char *grad,
                     char *text, size_t len)
{
  int n, found = 0, second = 0, touched = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  int start = line >= 1 && line <= n ? bp_text_function_start (buf, n, line)
    : 0;

  for (int l = line; start > 0 && l > start && found == 0; l--)
    {
      const char *t = buf[l - 1];
      if (bp_text_comment_or_blank (t))
        continue;
      if (copies_into (t, grad))
        {
          if (second > 0 && touched)
            found = second;     /* copied, changed, copied again */
          second = l, touched = 0;
        }
      else if (second > 0 && bp_text_mentions (t, grad)
               && !strstr (t, "printf"))
        touched = 1;
    }
  return bp_text_done (buf, found, 1, text, len);
}

/* Does statement stmt give the values of the array name another shape
 * without moving them (a memcpy or memmove of name->data, a
 * gsl_matrix_view_array of it)?  What it makes into made: the copy's
 * destination, the view's variable. */
static int
reshape_of (const char *stmt, const char *name, char *made, size_t len)
{
  const char *p;
  char whole[NAME_LEN + 8], dst[LINE_MAX_LEN];
  size_t k;

  snprintf (whole, sizeof whole, "%s->data", name);
  if (!strstr (stmt, whole))
    return 0;                   /* the whole array, not a row of it */
  if (bp_text_copy_arguments (stmt, dst, NULL, sizeof dst))
    p = dst + strspn (dst, " \t&(");
  else if (strstr (stmt, "_view_array"))
    {                           /* gsl_matrix_view v = ..._view_array */
      const char *eq = strchr (stmt, '=');
      if (eq == NULL)
        return 0;
      for (p = eq; p > stmt && strchr (" \t", p[-1]); p--)
        ;
      while (p > stmt && (isalnum ((unsigned char) p[-1]) || p[-1] == '_'))
        p--;
    }
  else
    return 0;
  for (k = 0; isalnum ((unsigned char) p[k]) || p[k] == '_'; k++)
    ;
  if (k == 0 || k >= len)
    return 0;
  snprintf (made, len, "%.*s", (int) k, p);
  return 1;
}

int
bp_srcline_reshapes (const char *path, int line, const char *name,
                     char *text, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], made[NAME_LEN];

  for (int l = line; line >= 1 && line <= n && l >= 1 && found == 0; l--)
    {
      if (l < line && bp_text_function_edge (buf[l - 1]))
        break;
      bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
      if (reshape_of (stmt, name, made, sizeof made)
          && (l == line || bp_text_mentions (buf[line - 1], made)))
        found = l;
    }
  return bp_text_done (buf, found, 1, text, len);
}

int
bp_srcline_zero_argument (const char *path, int line)
{
  int n, zero = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], piece[LINE_MAX_LEN];
  const char *open;

  if (line >= 1 && line <= n)
    {
      bp_text_join_statement (buf, line - 1, n, stmt, sizeof stmt);
      if ((open = strchr (stmt, '{')) != NULL && strchr (stmt, '=')
          && strchr (stmt, '=') < open)
        for (char *b = stmt + (open - stmt); *b; b++)
          *b = *b == '{' ? '(' : *b == '}' ? ')' : *b;
                                /* an initialiser, read as a list: { X,
                                   net->W1, 0.0, ... } */
      for (int k = 0; (open = strchr (stmt, '(')) != NULL && !zero
             && bp_text_list_item (open, k, piece, sizeof piece); k++)
        {
          const char *p = piece + strspn (piece, " \t");
          size_t z = strspn (p, "0.");
          z += z > 0 && p[z] && strchr ("fF", p[z]);
          zero = z > 0 && strchr (p, '0') && p[z + strspn (p + z, " \t")]
            == '\0';
        }
    }
  free (buf);
  return zero;
}

/* Does line t make name a view of an array of the student's (gsl_matrix
 * vs = gsl_matrix_view_array (&dscores[0][0], N, C))?  The array's name
 * into array (which may be name itself). */
static int
viewed_array (const char *t, const char *name, char *array, size_t len)
{
  const char *p = strstr (t, "_view_array"), *a;
  size_t n = 0;

  if (p == NULL || !bp_text_mentions (t, name)
      || (p = strchr (p, '(')) == NULL)
    return 0;
  a = p + 1 + strspn (p + 1, " \t&(");
  while (isalnum ((unsigned char) a[n]) || a[n] == '_')
    n++;
  if (n == 0 || n >= len || strncmp (a, "NULL", 4) == 0)
    return 0;
  snprintf (array, len, "%.*s", (int) n, a);
  return 1;
}

/* The name of parameter k (from 0) of the function whose head is head
 * (double ds[N][C], const gsl_matrix *prob: ds, prob), into name. */
static int
parameter_name (const char *head, int k, char *name, size_t len)
{
  char piece[LINE_MAX_LEN];
  const char *open = strchr (head, '('), *e;

  if (open == NULL || !bp_text_list_item (open, k, piece, sizeof piece))
    return 0;
  e = piece + strcspn (piece, "[");
  while (e > piece && !(isalnum ((unsigned char) e[-1]) || e[-1] == '_'))
    e--;
  const char *b = e;
  while (b > piece && (isalnum ((unsigned char) b[-1]) || b[-1] == '_'))
    b--;
  if (b == e || (size_t) (e - b) >= len)
    return 0;
  snprintf (name, len, "%.*s", (int) (e - b), b);
  return 1;
}

/* Does a statement of buf, rows a to b - 1, give the view that the copy
 * stmt reads (&v.matrix) to GSL as its first argument, to write (a
 * memcpy or a BLAS product into the view)? */
static int
written_through (char buf[][LINE_MAX_LEN], int a, int b, const char *stmt)
{
  char src[LINE_MAX_LEN], first[LINE_MAX_LEN];
  const char *open;

  if (!bp_text_copy_arguments (stmt, NULL, src, sizeof src)
      || strchr (src, '&') == NULL)
    return 0;
  for (int r = a; r < b; r++)
    if (strstr (buf[r], "gsl_") && (open = strchr (buf[r], '(')) != NULL
        && bp_text_list_item (open, 0, first, sizeof first)
        && strcmp (first + strspn (first, " \t"),
                   src + strspn (src, " \t")) == 0)
      return 1;
  return 0;
}

/* Does the statement t call a function of the file (buf, n rows) whose
 * body stores into name (a struct's member, reached there as it is here), or
 * into the parameter t gives it as (softmax_grad (N, C, ds, ...) with
 * double ds[N][C] written)? */
static int
helper_stores (char buf[][LINE_MAX_LEN], int n, const char *t,
               const char *name, int *last)
{
  char callee[NAME_LEN], def[NAME_LEN], param[NAME_LEN] = "";
  char head[LINE_MAX_LEN], piece[LINE_MAX_LEN];
  int found = 0, l = 1;
  const char *open;

  if (!bp_text_called_name (t, callee, sizeof callee))
    return 0;
  for (; l <= n; l++)
    if (bp_text_defined_name (buf[l - 1], def, sizeof def)
        && strcmp (def, callee) == 0 && !strchr (buf[l - 1], ';'))
      break;
  if (l <= n && (open = strstr (t, callee)) != NULL
      && (open = strchr (open, '(')) != NULL)
    {                           /* the parameter that name is given as */
      bp_text_join_statement (buf, l - 1, n, head, sizeof head);
      for (int k = 0; !param[0]
             && bp_text_list_item (open, k, piece, sizeof piece); k++)
        if (bp_text_mentions (piece, name))
          parameter_name (head, k, param, sizeof param);
    }
  for (l++; l <= n && buf[l - 1][0] != '}'; l++)
    if (stores_into (buf[l - 1], name)
        || (param[0] && stores_into (buf[l - 1], param)))
      {
        found = 1;
        if (last != NULL)
          *last = l;
        else
          break;
      }
  return found;
}

int
bp_srcline_copied (const char *path, int line, char *text, size_t len)
{
  char (*buf)[LINE_MAX_LEN] = calloc (COPY_LOOK_BACK + STATEMENT_LINES,
                                      LINE_MAX_LEN);
  int from = line - COPY_LOOK_BACK > 1 ? line - COPY_LOOK_BACK : 1;
  int n = buf && line > 0
    ? bp_text_read_into (path, from, line + STATEMENT_LINES - 1, buf) : 0;
  int found = 0, copies = 0, rows = 0;
  char name[1][NAME_LEN] = { "" }, stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN];
  char (*whole)[LINE_MAX_LEN] = NULL;

  if (n >= line - from + 1)
    bp_text_join_statement (buf, line - from, n, stmt, sizeof stmt);
  if (n >= line - from + 1
      && (copy_source_member (stmt, name[0], sizeof name[0])
          || (plain_store (stmt)
              && bp_text_stored_expression (stmt, expr, sizeof expr)
              && array_element (expr, name[0], sizeof name[0]))))
    {
      copies = 1;
      found = last_store_into (buf, from, line, name, 1);
    }
  for (int l = line - 1; copies && found == 0 && l >= from; l--)
    if (bp_text_function_edge (buf[l - from]))
      break;
    else if (viewed_array (buf[l - from], name[0], name[0], sizeof name[0]))
      {                         /* a view of an array of the student's
                                   (vs = gsl_matrix_view_array
                                   (&dscores[0][0], N, C)) that nothing
                                   writes through: the array */
        if (!written_through (buf, l - from + 1, line - from, stmt))
          found = last_store_into (buf, from, line, name, 1);
        break;
      }
  if (copies && (found == 0 || strpbrk (name[0], ".-") != NULL)
      && (whole = bp_text_whole (path, &rows)) != NULL)
    for (int l = line - 1; l > (found > 0 ? found : from - 1); l--)
      {
        if (bp_text_function_edge (buf[l - from]))
          break;
        if (helper_stores (whole, rows, buf[l - from], name[0], NULL))
          {                     /* a stage that writes the workspace
                                   itself (relu_back ();), or a helper
                                   given the array (softmax_grad (N, C,
                                   ds, ...)) */
            found = l;
            break;
          }
      }
  free (whole);                 /* (read once for every helper tried) */
  return bp_text_done (buf, found, from, text, len);
}

int
bp_srcline_made_in_helper (const char *path, int copy, int made, char *text,
                           size_t len)
{
  int rows, found = 0;
  char (*whole)[LINE_MAX_LEN] = bp_text_whole (path, &rows);
  char stmt[LINE_MAX_LEN], name[NAME_LEN];

  if (whole != NULL && copy >= 1 && copy <= rows && made >= 1
      && made <= rows)
    {
      bp_text_join_statement (whole, copy - 1, rows, stmt, sizeof stmt);
      if (!copy_source_member (stmt, name, sizeof name)
          || !helper_stores (whole, rows, whole[made - 1], name, &found))
        found = 0;
    }
  return bp_text_done (whole, found, 1, text, len);
}

/* Does the statement at line `line' of path store one array element as
 * it is (a copy)? */
static int
copies_element (const char *path, int line)
{
  char buf[STATEMENT_LINES][LINE_MAX_LEN];
  char stmt[LINE_MAX_LEN], expr[LINE_MAX_LEN], name[NAME_LEN];
  int n = line > 0
    ? bp_text_read_into (path, line, line + STATEMENT_LINES - 1, buf) : 0;

  if (n == 0)
    return 0;
  bp_text_join_statement (buf, 0, n, stmt, sizeof stmt);
  return bp_text_stored_expression (stmt, expr, sizeof expr)
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
  int n = buf ? bp_text_read_into (path, from, call, buf) : 0, found = 0;
  char names[MAX_NAMES][NAME_LEN];

  if (call > 0 && n == call - from + 1)
    found = last_store_into (buf, from, call, names,
                             bp_text_variable_names (buf[call - from], names));
  return bp_text_done (buf, found, from, text, len);
}

/* Does stmt copy into the member `operand' of a struct (gsl_matrix_memcpy
 * (g->dp1, &dh.matrix)) from one variable?  Its name into name. */
static int
copies_into_member (const char *stmt, const char *operand,
                    char name[NAME_LEN])
{
  char into[LINE_MAX_LEN], value[LINE_MAX_LEN], names[MAX_NAMES][NAME_LEN];
  const char *p;

  if (!strstr (stmt, "memcpy")
      || bp_text_stored_expression (stmt, value, sizeof value) == NULL
      || bp_text_variable_names (value, names) != 1
      || strcmp (names[0], operand) == 0)
    return 0;
  bp_text_stored_into (stmt, into, sizeof into);
  for (p = strstr (into, operand); p; p = strstr (p + 1, operand))
    if (bp_text_word_at (into, p, strlen (operand)) && p >= into + 2
        && p[-2] == '-' && p[-1] == '>')
      {
        snprintf (name, NAME_LEN, "%s", names[0]);
        return 1;
      }
  return 0;
}

int
bp_srcline_copied_from (const char *path, int line, const char *operand,
                        char *name, size_t len)
{
  int n, found = 0;
  char (*buf)[LINE_MAX_LEN] = bp_text_whole (path, &n);
  char stmt[LINE_MAX_LEN], alias[NAME_LEN];

  if (line >= 1 && line <= n)
    for (int l = bp_text_function_start (buf, n, line) + 1;
         l <= n && found == 0 && !bp_text_function_edge (buf[l - 1]); l++)
      {
        if (bp_text_comment_or_blank (buf[l - 1]))
          continue;
        bp_text_join_statement (buf, l - 1, n, stmt, sizeof stmt);
        if (copies_into_member (stmt, operand, alias))
          {
            snprintf (name, len, "%s", alias);
            found = l;
          }
      }
  free (buf);
  return found;
}
