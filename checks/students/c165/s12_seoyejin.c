/* Seo Yejin - backward pass for HW2 */

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/grads.h"

#define GET(m, i, j)     gsl_matrix_get((m), (i), (j))
#define SET(m, i, j, v)  gsl_matrix_set((m), (i), (j), (v))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* b-gradient: add up the rows */
static void row_sum(const gsl_matrix *M, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < M->size2; j++) {
        double s = 0;
        for (i = 0; i < M->size1; i++)
            s += GET(M, i, j);
        gsl_vector_set(out, j, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* softmax cross-entropy */
    for (i = 0; i < N; i++) {
        for (j = 0; j < C; j++) {
            double v = GET(cache->prob, i, j);
            if (j == y[i])
                v = v - 1;
            SET(g->dz2, i, j, v / (double)N);
        }
    }

    /* layer 2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    row_sum(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu gate on z1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            SET(g->dz1, i, j, GET(cache->z1, i, j) > 0 ? GET(g->dp1, i, j) : 0.0);

    /* layer 1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    row_sum(g->dp1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
