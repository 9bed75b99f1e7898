/* backward.c -- backprop with explicit Jacobians (gsl_matrix per sample).
 *
 *   softmax:  J_i  (C x C),  J_i[k][j] = p_k (delta_kj - p_j)
 *   relu:     R_i  (H x H),  diagonal
 *   dz2_i = dprob_i^T J_i,   dz1_i = dp1_i^T R_i
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    gsl_vector *dprob = gsl_vector_alloc(C);
    size_t i, j, k, h;

    for (i = 0; i < N; i++) {
        gsl_matrix *Ji = gsl_matrix_alloc(C, C);
        gsl_matrix *Ri = gsl_matrix_calloc(H, H);
        gsl_vector_view dz2_i = gsl_matrix_row(g->dz2, i);
        gsl_vector_view dp1_i = gsl_matrix_row(g->dp1, i);
        gsl_vector_view dz1_i = gsl_matrix_row(g->dz1, i);

        for (k = 0; k < C; k++)
            for (j = 0; j < C; j++) {
                double pk = gsl_matrix_get(cache->prob, i, k), pj = gsl_matrix_get(cache->prob, i, j);
                gsl_matrix_set(Ji, k, j, k == j ? pk - pk * pj : -pk * pj);
            }
        gsl_vector_set_zero(dprob);
        gsl_vector_set(dprob, y[i], -1.0 / ((double) N * gsl_matrix_get(cache->prob, i, y[i])));
        gsl_blas_dgemv(CblasTrans, 1.0, Ji, dprob, 0.0, &dz2_i.vector);

        /* dp1_i = dz2_i^T (dz2/dp1) with dz2_j/dp1_h = W2[h][j] */
        gsl_blas_dgemv(CblasNoTrans, 1.0, net->W2, &dz2_i.vector, 0.0, &dp1_i.vector);

        /* relu derivative on the diagonal: the relu passes p1 on */
        for (h = 0; h < H; h++)
            gsl_matrix_set(Ri, h, h, gsl_matrix_get(cache->p1, i, h));
        gsl_blas_dgemv(CblasTrans, 1.0, Ri, &dp1_i.vector, 0.0, &dz1_i.vector);

        gsl_matrix_free(Ji);
        gsl_matrix_free(Ri);
    }

    /* parameters: sum over samples of outer products = A^T dZ */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (j = 0; j < C; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz2, j);
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, s);
    }
    for (h = 0; h < H; h++) {
        gsl_vector_const_view col = gsl_matrix_const_column(g->dz1, h);
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, h, s);
    }

    gsl_vector_free(dprob);
    g->present = BP_GRADS_ALL;
    return 0;
}
