/* label.c -- labeller for checks/students/c14, written from the mathematics.
 *
 * Uses GSL and libdl only; from backprop it takes nothing but the struct
 * layouts of net.h and grads.h (the types the student's function receives).
 *
 * For each student .so given on the command line, in a child process:
 *   for seeds {1, 2} x nets {5-10-3 batch 7, 6-8-4 batch 9}, reg 0.1:
 *     - build a random net (weights and biases nonzero), a batch and labels,
 *       and the forward cache (z1, p1, z2, prob) by our own forward pass;
 *     - fill every gradient of g with garbage, call backward();
 *     - (a) compare each of the seven gradients with centred differences of
 *       the loss (dz2, dp1, dz1 w.r.t. the intermediates z2, p1, z1);
 *     - (b) compare each gradient with its own rule applied to the
 *       student's OWN upstream gradient (dW2 = p1' dz2 + 2 reg W2,
 *       db2 = colsum dz2, dp1 = dz2 W2', dz1 = dp1 * [z1 > 0],
 *       dW1 = X' dz1 + 2 reg W1, db1 = colsum dz1; dz2 against the truth):
 *       a gradient wrong here is a root, one right here but wrong in (a)
 *       is inherited;
 *     - call backward() again over the first call's outputs and report
 *       whether any gradient changes.
 *   Prints per configuration and then one summary line per file:
 *     FILE  local: ROOTS  fd-wrong: GRADS  second-call: same|CHANGES(...)
 *
 * Loss: (1/N) sum_i -log softmax(z2_i)[y_i] + reg (|W1|^2 + |W2|^2).
 *
 * Build: cc -O2 -I../../../src $(pkg-config --cflags gsl) -o label label.c \
 *          -Wl,--no-as-needed $(pkg-config --libs gsl) -ldl
 * Run:   ./label OUTDIR/s*.so
 */
#include <dlfcn.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include "backprop/net.h"
#include "backprop/grads.h"

typedef int backward_fn (const bp_net *, const gsl_matrix *, const size_t *,
                         double, const bp_cache *, bp_grads *);

static const char *NAMES[7] = { "dz2", "dW2", "db2", "dp1", "dz1", "dW1", "db1" };
#define REG 0.1
#define TOL_FD 1e-5
#define TOL_LOCAL 1e-8
#define TOL_SAME 1e-12

/* ---------- construction of the structs, by hand ---------- */

static bp_net *
net_make (size_t D, size_t H, size_t C)
{
  size_t P = D * H + H + H * C + C;
  bp_net *n = calloc (1, sizeof (bp_net) + P * sizeof (double));
  size_t off = 0;
  n->D = D; n->H = H; n->C = C;
  n->theta_view = gsl_vector_view_array (n->data, P);
  n->theta = &n->theta_view.vector;
  n->W1_view = gsl_matrix_view_array (n->data + off, D, H); off += D * H;
  n->b1_view = gsl_vector_view_array (n->data + off, H); off += H;
  n->W2_view = gsl_matrix_view_array (n->data + off, H, C); off += H * C;
  n->b2_view = gsl_vector_view_array (n->data + off, C);
  n->W1 = &n->W1_view.matrix; n->b1 = &n->b1_view.vector;
  n->W2 = &n->W2_view.matrix; n->b2 = &n->b2_view.vector;
  return n;
}

static bp_cache *
cache_make (size_t N, size_t H, size_t C)
{
  bp_cache *c = calloc (1, sizeof *c);
  c->N = N; c->H = H; c->C = C;
  c->z1 = gsl_matrix_alloc (N, H); c->p1 = gsl_matrix_alloc (N, H);
  c->z2 = gsl_matrix_alloc (N, C); c->prob = gsl_matrix_alloc (N, C);
  return c;
}

static bp_grads *
grads_make (size_t N, size_t D, size_t H, size_t C)
{
  bp_grads *g = calloc (1, sizeof *g);
  size_t P = D * H + H + H * C + C, off = 0;
  g->N = N; g->D = D; g->H = H; g->C = C;
  g->dtheta = gsl_vector_alloc (P);
  g->dW1_view = gsl_matrix_view_array (g->dtheta->data + off, D, H); off += D * H;
  g->db1_view = gsl_vector_view_array (g->dtheta->data + off, H); off += H;
  g->dW2_view = gsl_matrix_view_array (g->dtheta->data + off, H, C); off += H * C;
  g->db2_view = gsl_vector_view_array (g->dtheta->data + off, C);
  g->dW1 = &g->dW1_view.matrix; g->db1 = &g->db1_view.vector;
  g->dW2 = &g->dW2_view.matrix; g->db2 = &g->db2_view.vector;
  g->dz2 = gsl_matrix_alloc (N, C);
  g->dp1 = gsl_matrix_alloc (N, H);
  g->dz1 = gsl_matrix_alloc (N, H);
  g->present = 0;
  return g;
}

/* gradient id as a matrix (biases as one row) */
static gsl_matrix_view
gmat (bp_grads *g, int id)
{
  switch (id)
    {
    case 0: return gsl_matrix_submatrix (g->dz2, 0, 0, g->N, g->C);
    case 1: return gsl_matrix_submatrix (g->dW2, 0, 0, g->H, g->C);
    case 2: return gsl_matrix_view_array (g->db2->data, 1, g->C);
    case 3: return gsl_matrix_submatrix (g->dp1, 0, 0, g->N, g->H);
    case 4: return gsl_matrix_submatrix (g->dz1, 0, 0, g->N, g->H);
    case 5: return gsl_matrix_submatrix (g->dW1, 0, 0, g->D, g->H);
    default: return gsl_matrix_view_array (g->db1->data, 1, g->H);
    }
}

/* ---------- the mathematics ---------- */

/* Z = A B + 1 b' */
static void
affine (const gsl_matrix *A, const gsl_matrix *B, const gsl_vector *b, gsl_matrix *Z)
{
  for (size_t i = 0; i < A->size1; i++)
    for (size_t j = 0; j < B->size2; j++)
      {
        long double s = b ? gsl_vector_get (b, j) : 0.0;
        for (size_t k = 0; k < A->size2; k++)
          s += (long double) gsl_matrix_get (A, i, k) * gsl_matrix_get (B, k, j);
        gsl_matrix_set (Z, i, j, (double) s);
      }
}

static void
relu (const gsl_matrix *Z, gsl_matrix *P)
{
  for (size_t i = 0; i < Z->size1; i++)
    for (size_t j = 0; j < Z->size2; j++)
      gsl_matrix_set (P, i, j, fmax (0.0, gsl_matrix_get (Z, i, j)));
}

/* mean cross-entropy of scores Z; prob gets softmax(Z) if not NULL */
static double
data_loss (const gsl_matrix *Z, const size_t *y, gsl_matrix *prob)
{
  long double L = 0.0;
  for (size_t i = 0; i < Z->size1; i++)
    {
      double m = gsl_matrix_get (Z, i, 0);
      for (size_t c = 1; c < Z->size2; c++)
        m = fmax (m, gsl_matrix_get (Z, i, c));
      long double s = 0.0;
      for (size_t c = 0; c < Z->size2; c++)
        s += expl ((long double) gsl_matrix_get (Z, i, c) - m);
      L += logl (s) + m - gsl_matrix_get (Z, i, y[i]);
      if (prob)
        for (size_t c = 0; c < Z->size2; c++)
          gsl_matrix_set (prob, i, c,
                          (double) (expl ((long double) gsl_matrix_get (Z, i, c) - m) / s));
    }
  return (double) (L / Z->size1);
}

static double
sumsq (const gsl_matrix *W)
{
  long double s = 0.0;
  for (size_t i = 0; i < W->size1; i++)
    for (size_t j = 0; j < W->size2; j++)
      s += (long double) gsl_matrix_get (W, i, j) * gsl_matrix_get (W, i, j);
  return (double) s;
}

static void
forward (const bp_net *n, const gsl_matrix *X, bp_cache *c, const size_t *y)
{
  affine (X, n->W1, n->b1, c->z1);
  relu (c->z1, c->p1);
  affine (c->p1, n->W2, n->b2, c->z2);
  data_loss (c->z2, y, c->prob);
}

static double
full_loss (const bp_net *n, const gsl_matrix *X, const size_t *y, double reg)
{
  bp_cache *c = cache_make (X->size1, n->H, n->C);
  forward (n, X, c, y);
  double L = data_loss (c->z2, y, NULL) + reg * (sumsq (n->W1) + sumsq (n->W2));
  gsl_matrix_free (c->z1); gsl_matrix_free (c->p1);
  gsl_matrix_free (c->z2); gsl_matrix_free (c->prob); free (c);
  return L;
}

/* loss as a function of an intermediate: from z2, from p1, from z1 */
static double
loss_from_z2 (const gsl_matrix *z2, const size_t *y) { return data_loss (z2, y, NULL); }

static double
loss_from_p1 (const bp_net *n, const gsl_matrix *p1, const size_t *y)
{
  gsl_matrix *z2 = gsl_matrix_alloc (p1->size1, n->C);
  affine (p1, n->W2, n->b2, z2);
  double L = data_loss (z2, y, NULL);
  gsl_matrix_free (z2);
  return L;
}

static double
loss_from_z1 (const bp_net *n, const gsl_matrix *z1, const size_t *y)
{
  gsl_matrix *p1 = gsl_matrix_alloc (z1->size1, z1->size2);
  relu (z1, p1);
  double L = loss_from_p1 (n, p1, y);
  gsl_matrix_free (p1);
  return L;
}

/* numerical gradients, all seven, into ng */
static void
numeric (bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
         const bp_cache *c, bp_grads *ng)
{
  const double h = 1e-5;
  /* parameters: theta is laid out as dtheta */
  for (size_t p = 0; p < n->theta->size; p++)
    {
      double old = n->theta->data[p];
      n->theta->data[p] = old + h;
      double Lp = full_loss (n, X, y, reg);
      n->theta->data[p] = old - h;
      double Lm = full_loss (n, X, y, reg);
      n->theta->data[p] = old;
      ng->dtheta->data[p] = (Lp - Lm) / (2 * h);
    }
  gsl_matrix *t;
  t = gsl_matrix_alloc (c->z2->size1, c->z2->size2);
  gsl_matrix_memcpy (t, c->z2);
  for (size_t i = 0; i < t->size1; i++)
    for (size_t j = 0; j < t->size2; j++)
      {
        double old = gsl_matrix_get (t, i, j);
        gsl_matrix_set (t, i, j, old + h); double Lp = loss_from_z2 (t, y);
        gsl_matrix_set (t, i, j, old - h); double Lm = loss_from_z2 (t, y);
        gsl_matrix_set (t, i, j, old);
        gsl_matrix_set (ng->dz2, i, j, (Lp - Lm) / (2 * h));
      }
  gsl_matrix_free (t);
  t = gsl_matrix_alloc (c->p1->size1, c->p1->size2);
  gsl_matrix_memcpy (t, c->p1);
  for (size_t i = 0; i < t->size1; i++)
    for (size_t j = 0; j < t->size2; j++)
      {
        double old = gsl_matrix_get (t, i, j);
        gsl_matrix_set (t, i, j, old + h); double Lp = loss_from_p1 (n, t, y);
        gsl_matrix_set (t, i, j, old - h); double Lm = loss_from_p1 (n, t, y);
        gsl_matrix_set (t, i, j, old);
        gsl_matrix_set (ng->dp1, i, j, (Lp - Lm) / (2 * h));
      }
  gsl_matrix_memcpy (t, c->z1);
  for (size_t i = 0; i < t->size1; i++)
    for (size_t j = 0; j < t->size2; j++)
      {
        double old = gsl_matrix_get (t, i, j);
        gsl_matrix_set (t, i, j, old + h); double Lp = loss_from_z1 (n, t, y);
        gsl_matrix_set (t, i, j, old - h); double Lm = loss_from_z1 (n, t, y);
        gsl_matrix_set (t, i, j, old);
        gsl_matrix_set (ng->dz1, i, j, (Lp - Lm) / (2 * h));
      }
  gsl_matrix_free (t);
}

/* each gradient by its own rule from the student's own upstream (lg) */
static void
local_rules (const bp_net *n, const gsl_matrix *X, const size_t *y, double reg,
             const bp_cache *c, bp_grads *sg, bp_grads *lg)
{
  size_t N = X->size1, H = n->H, C = n->C, D = n->D;
  /* dz2: no upstream, the truth */
  for (size_t i = 0; i < N; i++)
    for (size_t k = 0; k < C; k++)
      gsl_matrix_set (lg->dz2, i, k,
                      (gsl_matrix_get (c->prob, i, k) - (k == y[i])) / N);
  for (size_t j = 0; j < H; j++)
    for (size_t k = 0; k < C; k++)
      {
        long double s = 2 * reg * gsl_matrix_get (n->W2, j, k);
        for (size_t i = 0; i < N; i++)
          s += (long double) gsl_matrix_get (c->p1, i, j) * gsl_matrix_get (sg->dz2, i, k);
        gsl_matrix_set (lg->dW2, j, k, (double) s);
      }
  for (size_t k = 0; k < C; k++)
    {
      long double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (sg->dz2, i, k);
      gsl_vector_set (lg->db2, k, (double) s);
    }
  for (size_t i = 0; i < N; i++)
    for (size_t j = 0; j < H; j++)
      {
        long double s = 0;
        for (size_t k = 0; k < C; k++)
          s += (long double) gsl_matrix_get (sg->dz2, i, k) * gsl_matrix_get (n->W2, j, k);
        gsl_matrix_set (lg->dp1, i, j, (double) s);
        gsl_matrix_set (lg->dz1, i, j,
                        gsl_matrix_get (c->z1, i, j) > 0 ? gsl_matrix_get (sg->dp1, i, j) : 0.0);
      }
  for (size_t d = 0; d < D; d++)
    for (size_t j = 0; j < H; j++)
      {
        long double s = 2 * reg * gsl_matrix_get (n->W1, d, j);
        for (size_t i = 0; i < N; i++)
          s += (long double) gsl_matrix_get (X, i, d) * gsl_matrix_get (sg->dz1, i, j);
        gsl_matrix_set (lg->dW1, d, j, (double) s);
      }
  for (size_t j = 0; j < H; j++)
    {
      long double s = 0;
      for (size_t i = 0; i < N; i++)
        s += gsl_matrix_get (sg->dz1, i, j);
      gsl_vector_set (lg->db1, j, (double) s);
    }
}

/* max |a-b| / max(max|a|, max|b|, 1e-10); NaN counts as maximal error */
static double
relerr (const gsl_matrix *a, const gsl_matrix *b)
{
  double num = 0, den = 1e-10;
  for (size_t i = 0; i < a->size1; i++)
    for (size_t j = 0; j < a->size2; j++)
      {
        double x = gsl_matrix_get (a, i, j), z = gsl_matrix_get (b, i, j);
        if (!isfinite (x) || !isfinite (z))
          return INFINITY;
        num = fmax (num, fabs (x - z));
        den = fmax (den, fmax (fabs (x), fabs (z)));
      }
  return num / den;
}

static void
fill_garbage (bp_grads *g, gsl_rng *r)
{
  for (int id = 0; id < 7; id++)
    {
      gsl_matrix_view v = gmat (g, id);
      for (size_t i = 0; i < v.matrix.size1; i++)
        for (size_t j = 0; j < v.matrix.size2; j++)
          gsl_matrix_set (&v.matrix, i, j, gsl_ran_flat (r, -37.0, 41.0));
    }
  g->present = 0;
}

static void
add_list (char *buf, const char *name)
{
  if (strstr (buf, name))
    {
      /* avoid a false match of dW1 in e.g. "dW12": names are distinct */
      const char *p = buf;
      size_t L = strlen (name);
      while ((p = strstr (p, name)))
        {
          if ((p == buf || p[-1] == ',') && (p[L] == ',' || p[L] == 0))
            return;
          p += L;
        }
    }
  if (*buf)
    strcat (buf, ",");
  strcat (buf, name);
}

/* one configuration; appends to the summary lists */
static int
run_config (backward_fn *fn, unsigned long seed, size_t D, size_t H, size_t C,
            size_t N, char *loc_all, char *fd_all, char *second_all)
{
  gsl_rng *r = gsl_rng_alloc (gsl_rng_mt19937);
  gsl_rng_set (r, seed * 7919 + D * 101 + H * 13 + C);
  bp_net *n = net_make (D, H, C);
  for (size_t p = 0; p < n->theta->size; p++)
    n->theta->data[p] = gsl_ran_gaussian (r, 0.5);
  gsl_matrix *X = gsl_matrix_alloc (N, D);
  for (size_t i = 0; i < N; i++)
    for (size_t d = 0; d < D; d++)
      gsl_matrix_set (X, i, d, gsl_ran_gaussian (r, 1.0));
  size_t *y = malloc (N * sizeof *y);
  for (size_t i = 0; i < N; i++)
    y[i] = gsl_rng_uniform_int (r, C);
  bp_cache *c = cache_make (N, H, C);
  forward (n, X, c, y);

  bp_grads *sg = grads_make (N, D, H, C), *ng = grads_make (N, D, H, C),
           *lg = grads_make (N, D, H, C), *s1 = grads_make (N, D, H, C);
  fill_garbage (sg, r);
  int rc = fn (n, X, y, REG, c, sg);
  numeric (n, X, y, REG, c, ng);
  local_rules (n, X, y, REG, c, sg, lg);

  char fdw[128] = "", loc[128] = "", sec[128] = "";
  printf ("    %zu-%zu-%zu N=%zu seed %lu: rc=%d", D, H, C, N, seed, rc);
  for (int id = 0; id < 7; id++)
    {
      gsl_matrix_view s = gmat (sg, id), nn = gmat (ng, id), l = gmat (lg, id);
      double efd = relerr (&s.matrix, &nn.matrix), eloc = relerr (&s.matrix, &l.matrix);
      if (efd > TOL_FD)
        add_list (fdw, NAMES[id]);
      if (eloc > TOL_LOCAL)
        add_list (loc, NAMES[id]);
      printf (" %s[fd %.1e loc %.1e]", NAMES[id], efd, eloc);
    }
  /* second call over the first call's outputs */
  gsl_vector_memcpy (s1->dtheta, sg->dtheta);
  gsl_matrix_memcpy (s1->dz2, sg->dz2);
  gsl_matrix_memcpy (s1->dp1, sg->dp1);
  gsl_matrix_memcpy (s1->dz1, sg->dz1);
  fn (n, X, y, REG, c, sg);
  for (int id = 0; id < 7; id++)
    {
      gsl_matrix_view a = gmat (sg, id), b = gmat (s1, id);
      if (relerr (&a.matrix, &b.matrix) > TOL_SAME)
        add_list (sec, NAMES[id]);
    }
  printf ("\n      fd-wrong: %s  local: %s  second-call changes: %s\n",
          *fdw ? fdw : "-", *loc ? loc : "-", *sec ? sec : "-");
  char *p, *save;
  for (p = strtok_r (fdw, ",", &save); p; p = strtok_r (NULL, ",", &save))
    add_list (fd_all, p);
  for (p = strtok_r (loc, ",", &save); p; p = strtok_r (NULL, ",", &save))
    add_list (loc_all, p);
  for (p = strtok_r (sec, ",", &save); p; p = strtok_r (NULL, ",", &save))
    add_list (second_all, p);
  fflush (stdout);
  return rc;
}

/* the union lists in backprop order */
static void
ordered (const char *in, char *out)
{
  *out = 0;
  for (int id = 0; id < 7; id++)
    {
      char tmp[128];
      snprintf (tmp, sizeof tmp, ",%s,", in);
      char key[16];
      snprintf (key, sizeof key, ",%s,", NAMES[id]);
      if (strstr (tmp, key))
        add_list (out, NAMES[id]);
    }
}

static void
label_one (const char *path)
{
  void *h = dlopen (path, RTLD_NOW | RTLD_LOCAL);
  if (!h)
    {
      printf ("%s: cannot load: %s\n", path, dlerror ());
      return;
    }
  backward_fn *fn = (backward_fn *) dlsym (h, "backward");
  if (!fn)
    {
      printf ("%s: no symbol backward\n", path);
      return;
    }
  printf ("%s\n", path);
  char loc[128] = "", fd[128] = "", sec[128] = "";
  int bad_rc = 0;
  size_t cfg[2][4] = { { 5, 10, 3, 7 }, { 6, 8, 4, 9 } };
  for (unsigned long seed = 1; seed <= 2; seed++)
    for (int k = 0; k < 2; k++)
      if (run_config (fn, seed, cfg[k][0], cfg[k][1], cfg[k][2], cfg[k][3],
                      loc, fd, sec) != 0)
        bad_rc = 1;
  char a[128], b[128], c[128];
  ordered (loc, a); ordered (fd, b); ordered (sec, c);
  const char *base = strrchr (path, '/');
  base = base ? base + 1 : path;
  printf ("SUMMARY %s  local: %s  fd-wrong: %s  second-call: %s%s%s\n", base,
          *a ? a : "-", *b ? b : "-", *c ? "CHANGES(" : "same", c, *c ? ")" : "");
  if (bad_rc)
    printf ("  (nonzero return code)\n");
}

int
main (int argc, char **argv)
{
  if (argc < 2)
    {
      fprintf (stderr, "usage: label FILE.so ...\n");
      return 2;
    }
  for (int i = 1; i < argc; i++)
    {
      fflush (stdout);
      pid_t pid = fork ();
      if (pid == 0)
        {
          alarm (60);
          label_one (argv[i]);
          fflush (stdout);
          _exit (0);
        }
      int st = 0;
      waitpid (pid, &st, 0);
      if (!WIFEXITED (st) || WEXITSTATUS (st) != 0)
        printf ("SUMMARY %s  CRASHED (status %d)\n", argv[i], st);
    }
  return 0;
}
