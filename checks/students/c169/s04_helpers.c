/* Two-layer net: backward.
 * Gus and Hana.  We wrote small helpers because the same
 * "A^T B" and "column sum" show up twice.
 */
#include <stdlib.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* out = A^T B  (A is n x a, B is n x b, out is a x b) */
static void matmul_tn(const gsl_matrix *A, const gsl_matrix *B, gsl_matrix *out)
{
    size_t r, i, j;
    gsl_matrix_set_zero(out);
    for (r = 0; r < A->size1; r++)
        for (i = 0; i < A->size2; i++) {
            double a = gsl_matrix_get(A, r, i);
            for (j = 0; j < B->size2; j++)
                gsl_matrix_set(out, i, j, gsl_matrix_get(out, i, j) + a * gsl_matrix_get(B, r, j));
        }
}

/* v[j] = sum over rows of M */
static void colsum(const gsl_matrix *M, gsl_vector *v)
{
    size_t i, j;
    for (j = 0; j < M->size2; j++) {
        double s = 0;
        for (i = 0; i < M->size1; i++)
            s += gsl_matrix_get(M, i, j);
        gsl_vector_set(v, j, s);
    }
}

/* dW += 2 reg W   (our loss has reg*|W|^2, no half) */
static void add_reg(gsl_matrix *dW, const gsl_matrix *W, double reg)
{
    gsl_matrix *tmp = gsl_matrix_alloc(W->size1, W->size2);
    gsl_matrix_memcpy(tmp, W);
    gsl_matrix_scale(tmp, 2.0 * reg);
    gsl_matrix_add(dW, tmp);
    gsl_matrix_free(tmp);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    matmul_tn(cache->p1, g->dz2, g->dW2);
    add_reg(g->dW2, net->W2, reg);
    colsum(g->dz2, g->db2);

    // dhidden = dscores W2^T, W2 is H x C
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            double s = 0;
            for (k = 0; k < net->C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, s);
        }

    // B: relu mask in place on a copy: multiply by 1 or 0
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dz1, i, j) *
                           (gsl_matrix_get(cache->z1, i, j) > 0 ? 1.0 : 0.0));

    matmul_tn(X, g->dz1, g->dW1);
    add_reg(g->dW1, net->W1, reg);
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
