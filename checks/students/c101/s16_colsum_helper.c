/* backward.c  ---  retake
 *
 * helper for the bias gradients (sum over the batch), and everything else
 * inline with BLAS.  I wrote the helper with a pointer walk, it felt
 * faster.  Probably it is not.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out[j] = sum_i m[i][j] */
static void batch_sum(const gsl_matrix *m, gsl_vector *out)
{
    size_t i, j;
    const double *row;

    gsl_vector_set_zero(out);
    for (i = 1; i < m->size1; i++) {
        row = m->data + i * m->tda;
        for (j = 0; j < m->size2; j++)
            out->data[j * out->stride] += row[j];
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 = (prob - Y) / N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2: reg first (2 reg W2; no 1/2 here), then add p1^T dz2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 1.0, g->dW2);

    batch_sum(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu: z1 > 0 lets the gradient through */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            double zz = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, zz > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    batch_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
