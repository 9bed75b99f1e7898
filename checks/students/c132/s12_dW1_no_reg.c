/* backward.c
 * Homework 4 - backprop by hand.  Paul S.
 *
 * I compute each gradient with a helper that does  out = A^T * B.
 * The regularization is added where it is needed.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* out (K x M) = A^T (K x N) * B (N x M) */
static void matmul_AtB (const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t r, c, n;
    for (r = 0; r < out->size1; r++) {
        for (c = 0; c < out->size2; c++) {
            double s = 0.0;
            for (n = 0; n < A->size1; n++)
                s += gsl_matrix_get (A, n, r) * gsl_matrix_get (B, n, c);
            gsl_matrix_set (out, r, c, s);
        }
    }
}

static void colsum (const gsl_matrix *A, gsl_vector *out)
{
    size_t r, c;
    for (c = 0; c < A->size2; c++) {
        double s = 0.0;
        for (r = 0; r < A->size1; r++)
            s += gsl_matrix_get (A, r, c);
        gsl_vector_set (out, c, s);
    }
}

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dZ2 */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set (g->dz2, i, j, gsl_matrix_get (cache->prob, i, j) / N);
    for (i = 0; i < N; i++)
        gsl_matrix_set (g->dz2, i, y[i], gsl_matrix_get (g->dz2, i, y[i]) - 1.0 / N);

    /* dW2 = A1^T dZ2 + 2 reg W2 */
    matmul_AtB (cache->p1, g->dz2, g->dW2);
    for (i = 0; i < H; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set (g->dW2, i, j, gsl_matrix_get (g->dW2, i, j)
                            + 2.0 * reg * gsl_matrix_get (net->W2, i, j));

    /* db2 */
    colsum (g->dz2, g->db2);

    /* dA1 = dZ2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            size_t c;
            for (c = 0; c < C; c++)
                s += gsl_matrix_get (g->dz2, i, c) * gsl_matrix_get (net->W2, j, c);
            gsl_matrix_set (g->dp1, i, j, s);
        }

    /* dZ1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get (cache->z1, i, j) > 0)
                gsl_matrix_set (g->dz1, i, j, gsl_matrix_get (g->dp1, i, j));
            else
                gsl_matrix_set (g->dz1, i, j, 0.0);

    /* dW1 = X^T dZ1 */
    matmul_AtB (X, g->dz1, g->dW1);

    /* db1 */
    colsum (g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
