// YSA Odev 2
// Hasan Yildiz
//
// backward pass. Notation from the slides:
//   scores = z2, probs = softmax(scores), dscores = dz2
//   hidden = p1

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // dW2 = hidden^T dscores + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

    // db2
    for (j = 0; j < net->C; j++) {
        gsl_vector_const_view sutun = gsl_matrix_const_column(g->dz2, j);
        double toplam = 0;
        for (i = 0; i < N; i++)
            toplam += gsl_vector_get(&sutun.vector, i);
        gsl_vector_set(g->db2, j, toplam);
    }

    // dhidden = dscores W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2, 0.0, g->dp1);

    // relu
    for (i = 0; i < N; i++) {
        for (j = 0; j < H; j++) {
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0);
            else
                gsl_matrix_set(g->dz1, i, j, gsl_matrix_get(g->dp1, i, j));
        }
    }

    // dW1 = X^T dz1 + 2 reg W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    // db1
    for (j = 0; j < H; j++) {
        gsl_vector_const_view sutun = gsl_matrix_const_column(g->dz1, j);
        double toplam = 0;
        for (i = 0; i < N; i++)
            toplam += gsl_vector_get(&sutun.vector, i);
        gsl_vector_set(g->db1, j, toplam);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
