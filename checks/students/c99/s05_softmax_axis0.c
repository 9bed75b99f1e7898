/* backward.c
 * Port of my neural_net.py loss(). I recompute the softmax like in the
 * notebook so the numbers match what I had in python.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* exp_scores = np.exp(scores - np.max(scores))
 * probs = exp_scores / np.sum(exp_scores, axis=0, keepdims=True) */
static gsl_matrix *np_softmax(const gsl_matrix *scores)
{
    size_t n = scores->size1, c = scores->size2;
    gsl_matrix *probs = gsl_matrix_alloc(n, c);
    gsl_vector *sums = gsl_vector_calloc(c);
    double mx = gsl_matrix_max(scores);
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < c; k++)
            gsl_matrix_set(probs, i, k, exp(gsl_matrix_get(scores, i, k) - mx));
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < c; k++)
            gsl_vector_set(sums, k, gsl_vector_get(sums, k) + gsl_matrix_get(probs, i, k));
    for (size_t i = 0; i < n; i++)
        for (size_t k = 0; k < c; k++)
            gsl_matrix_set(probs, i, k, gsl_matrix_get(probs, i, k) / gsl_vector_get(sums, k));
    gsl_vector_free(sums);
    return probs;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;

    // probs = softmax(scores)
    gsl_matrix *probs = np_softmax(cache->z2);

    // dscores = probs; dscores[range(N), y] -= 1; dscores /= N
    gsl_matrix *dscores = gsl_matrix_alloc(N, C);
    gsl_matrix_memcpy(dscores, probs);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1);
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    // grads['W2'] = np.dot(hidden.T, dscores) + 2 * reg * W2
    gsl_matrix *dW2 = gsl_matrix_alloc(H, C);
    gsl_matrix_memcpy(dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2 * reg, dW2);
    gsl_matrix_memcpy(g->dW2, dW2);

    // grads['b2'] = np.sum(dscores, axis=0)
    gsl_vector *db2 = gsl_vector_calloc(C);
    for (size_t i = 0; i < N; i++)
        for (size_t k = 0; k < C; k++)
            gsl_vector_set(db2, k, gsl_vector_get(db2, k) + gsl_matrix_get(dscores, i, k));
    gsl_vector_memcpy(g->db2, db2);

    // dhidden = np.dot(dscores, W2.T)
    gsl_matrix *dhidden = gsl_matrix_alloc(N, H);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);

    // dhidden[hidden <= 0] = 0
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(dhidden, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, dhidden);

    // grads['W1'] = np.dot(X.T, dhidden) + 2 * reg * W1
    gsl_matrix *dW1 = gsl_matrix_alloc(net->D, H);
    gsl_matrix_memcpy(dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2 * reg, dW1);
    gsl_matrix_memcpy(g->dW1, dW1);

    // grads['b1'] = np.sum(dhidden, axis=0)
    gsl_vector *db1 = gsl_vector_calloc(H);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_vector_set(db1, j, gsl_vector_get(db1, j) + gsl_matrix_get(dhidden, i, j));
    gsl_vector_memcpy(g->db1, db1);

    gsl_matrix_free(probs);
    gsl_matrix_free(dscores);
    gsl_matrix_free(dW2);
    gsl_vector_free(db2);
    gsl_matrix_free(dhidden);
    gsl_matrix_free(dW1);
    gsl_vector_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
