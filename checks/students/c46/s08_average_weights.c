/*
   Backprop for TwoLayerNet (HW3).
   Shapes: X N x D, hidden N x H, scores N x C.
   "average over the batch" -> divide by N.
*/
#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t batch = X->size1;
    size_t nh = net->H, nc = net->C;
    size_t r, c;

    if (batch != cache->N || X->size2 != net->D || g->N != batch)
        return 1;

    /* dscores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (r = 0; r < batch; r++)
        gsl_matrix_set(g->dz2, r, y[r], gsl_matrix_get(g->dz2, r, y[r]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double) batch);

    /* W2: average over batch + L2 */
    gsl_matrix *hT = gsl_matrix_alloc(nh, batch);
    gsl_matrix_transpose_memcpy(hT, cache->p1);
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0 / (double) batch, hT, g->dz2,
                   2.0 * reg, g->dW2);
    gsl_matrix_free(hT);

    /* b2 */
    gsl_vector_set_zero(g->db2);
    for (r = 0; r < batch; r++)
        for (c = 0; c < nc; c++)
            gsl_vector_set(g->db2, c, gsl_vector_get(g->db2, c) + gsl_matrix_get(g->dz2, r, c));

    /* dhidden */
    gsl_matrix *W2T = gsl_matrix_alloc(nc, nh);
    gsl_matrix_transpose_memcpy(W2T, net->W2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, g->dz2, W2T, 0.0, g->dp1);
    gsl_matrix_free(W2T);

    /* through the ReLU */
    for (r = 0; r < batch; r++)
        for (c = 0; c < nh; c++) {
            double z = gsl_matrix_get(cache->z1, r, c);
            double d = gsl_matrix_get(g->dp1, r, c);
            gsl_matrix_set(g->dz1, r, c, (z > 0.0) ? d : 0.0);
        }

    /* W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* b1 */
    gsl_vector_set_zero(g->db1);
    for (r = 0; r < batch; r++)
        for (c = 0; c < nh; c++)
            gsl_vector_set(g->db1, c, gsl_vector_get(g->db1, c) + gsl_matrix_get(g->dz1, r, c));

    g->present = BP_GRADS_ALL;
    return 0;
}
