// Gus T. -- HW3 backward
// Following lecture 7 slides 31-36 (backprop for the 2 layer net)

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    int N = (int) X->size1;
    int C = (int) net->C;

    if (X->size1 != cache->N || X->size2 != net->D)
        return 1;

    // Slide 31: dscores = probs; dscores[range(N), y] -= 1; dscores /= N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (int i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // Slide 32: dW2 = hidden.T.dot(dscores) + 2*reg*W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2 * reg, g->dW2);

    // Slide 32: db2 = np.sum(dscores, axis=0)
    for (int c = 0; c < C; c++) {
        gsl_vector_view v = gsl_matrix_row(g->dz2, c);
        double s = 0;
        for (size_t k = 0; k < v.vector.size; k++)
            s += gsl_vector_get(&v.vector, k);
        gsl_vector_set(g->db2, c, s);
    }

    // Slide 33: dhidden = dscores.dot(W2.T)
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // Slide 34: dhidden[hidden <= 0] = 0
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (int i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->p1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0);

    // Slide 35: dW1 = X.T.dot(dhidden) + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2 * reg, g->dW1);

    // Slide 35: db1 = np.sum(dhidden, axis=0)
    for (size_t j = 0; j < net->H; j++) {
        gsl_vector_view v = gsl_matrix_column(g->dz1, j);
        double s = 0;
        for (size_t k = 0; k < v.vector.size; k++)
            s += gsl_vector_get(&v.vector, k);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
