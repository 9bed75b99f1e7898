/* backward.c - HW3, second attempt
 * relu derivative: 1 where the unit is on, 0 where it is off.  "on" means
 * the output is >= 0 (or > 0? at exactly 0 it does not matter, measure zero) */

#include <gsl/gsl_blas.h>
#include "backprop.h"

#define IDX(m, r, c) gsl_matrix_get((m), (r), (c))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void relu_grad(const gsl_matrix *out_act, const gsl_matrix *dout, gsl_matrix *dz)
{
    size_t r, c;
    for (r = 0; r < dz->size1; r++)
        for (c = 0; c < dz->size2; c++) {
            double on = IDX(out_act, r, c) >= 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(dz, r, c, on * IDX(dout, r, c));
        }
}

static void bias_grad(const gsl_matrix *dz, gsl_vector *db)
{
    size_t r, c;
    for (c = 0; c < dz->size2; c++) {
        double s = 0.0;
        for (r = 0; r < dz->size1; r++)
            s += IDX(dz, r, c);
        gsl_vector_set(db, c, s);
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, r;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dz2 */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (r = 0; r < N; r++)
        gsl_matrix_set(g->dz2, r, y[r], IDX(g->dz2, r, y[r]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* layer 2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    bias_grad(g->dz2, g->db2);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu, using the activations p1 (the output of the relu) */
    relu_grad(cache->p1, g->dp1, g->dz1);

    /* layer 1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
