// backward.c  --  raw pointer version (faster than get/set)
// Each matrix is walked through ->data with its tda; the ELT macro below
// does the indexing.  Shapes are asserted by CHECK_SHAPE after each step.

#include <string.h>
#include "backprop.h"

#define ELT(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define CHECK_SHAPE(m, r, c)  do { if ((m)->size1 != (r) || (m)->size2 != (c)) return 1; } while (0)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

// out = A' B + beta0 * W   (A is n x a, B is n x b, out and W a x b)
static void
at_b_plus(const gsl_matrix *A, const gsl_matrix *B, double beta0,
          const gsl_matrix *W, gsl_matrix *out)
{
    size_t r, s, t;
    for (r = 0; r < A->size2; r++)
    {
        for (s = 0; s < B->size2; s++)
        {
            double acc = beta0 * ELT(W, r, s);
            for (t = 0; t < A->size1; t++)
                acc += ELT(A, t, r) * ELT(B, t, s);
            ELT(out, r, s) = acc;
        }
    }
}

// v[j] = sum_t M[t][j]
static void
col_sums(const gsl_matrix *M, gsl_vector *v)
{
    size_t t, j;
    for (j = 0; j < M->size2; j++)
        v->data[j * v->stride] = 0.0;
    for (t = 0; t < M->size1; t++)
        for (j = 0; j < M->size2; j++)
            v->data[j * v->stride] += ELT(M, t, j);
}

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double invN = 1.0 / (double) N;
    size_t i, j, k;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // dz2: start from the probabilities, in place
    for (i = 0; i < N; i++)
    {
        for (k = 0; k < C; k++)
            ELT(g->dz2, i, k) = ELT(cache->prob, i, k) * invN;
        ELT(g->dz2, i, y[i]) -= invN;          // (p - 1)/N at the label
    }
    CHECK_SHAPE(g->dz2, N, C);

    // dW2 = p1' dz2 + 2 reg W2
    at_b_plus(cache->p1, g->dz2, 2.0 * reg, net->W2, g->dW2);
    CHECK_SHAPE(g->dW2, H, C);

    // db2
    col_sums(g->dz2, g->db2);
    if (g->db2->size != C)
        return 1;

    // dp1 = dz2 W2'
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
        {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += ELT(g->dz2, i, k) * ELT(net->W2, j, k);
            ELT(g->dp1, i, j) = acc;
        }
    CHECK_SHAPE(g->dp1, N, H);

    // dz1: copy dp1 row by row, then kill it where the unit was off.
    // p1 > 0 exactly where z1 > 0, so p1 works as the mask too.
    for (i = 0; i < N; i++)
        memcpy(&ELT(g->dz1, i, 0), &ELT(g->dp1, i, 0), H * sizeof(double));
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (!(ELT(cache->p1, i, j) > 0.0))
                ELT(g->dz1, i, j) = 0.0;
    CHECK_SHAPE(g->dz1, N, H);

    // dW1 = X' dz1 + 2 reg W1
    at_b_plus(X, g->dz1, 2.0 * reg, net->W1, g->dW1);
    CHECK_SHAPE(g->dW1, D, H);

    // db1
    col_sums(g->dz1, g->db1);
    if (g->db1->size != H)
        return 1;

    g->present = BP_GRADS_ALL;
    return 0;
}
