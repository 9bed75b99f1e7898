/* Ivan Petrov, backward pass (assignment 2)
 *
 *   probs  = softmax(z2)                 (recomputed, N x C scratch)
 *   loss   = -mean log probs[y] + reg*(|W1|^2+|W2|^2)
 *   then the usual backprop.
 */
#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static double frob2(const gsl_matrix *A)
{
    double t = 0;
    for (size_t i = 0; i < A->size1; i++)
        for (size_t j = 0; j < A->size2; j++)
            t += gsl_matrix_get(A, i, j) * gsl_matrix_get(A, i, j);
    return t;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    gsl_matrix *probs;
    double loss = 0.0;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;
    probs = gsl_matrix_alloc(N, C);
    if (probs == NULL)
        return 1;

    /* softmax */
    gsl_matrix_memcpy(probs, cache->z2);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(probs, i);
        double m = gsl_vector_max(&row.vector), tot = 0.0;
        gsl_vector_add_constant(&row.vector, -m);
        for (size_t j = 0; j < C; j++) {
            double e = exp(gsl_vector_get(&row.vector, j));
            gsl_vector_set(&row.vector, j, e);
            tot += e;
        }
        gsl_vector_scale(&row.vector, 1.0 / tot);
        loss -= log(gsl_vector_get(&row.vector, y[i]));
    }
    loss = loss / N + reg * (frob2(net->W1) + frob2(net->W2));
    (void) loss;

    /* dscores */
    gsl_matrix_memcpy(g->dz2, probs);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* W2, b2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0 * reg, g->dW2);
    for (size_t j = 0; j < C; j++) {
        gsl_vector_view col = gsl_matrix_column(g->dz2, j);
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, j, s);
    }

    /* dhidden = dscores W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, probs, net->W2, 0.0, g->dp1);
    gsl_matrix_free(probs);

    /* relu backward */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(g->dz1, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);

    /* W1, b1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);
    for (size_t j = 0; j < H; j++) {
        gsl_vector_view col = gsl_matrix_column(g->dz1, j);
        double s = 0.0;
        for (size_t i = 0; i < N; i++)
            s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
