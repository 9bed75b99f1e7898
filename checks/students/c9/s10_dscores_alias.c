// two-layer net backward -- Dmitri V.
// straight port of the CS231n numpy code; names kept the same
// (dscores, dhidden, ...) so I can compare with my python.

#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const double *dscores = cache->prob->data;
    const size_t ld = g->dz2->tda;
    double *dhidden = g->dp1->data;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // dscores = probs; dscores[range(N), y] -= 1; dscores /= N
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);

    // dW2 = hidden.T @ dscores + 2*reg*W2 ;  db2 = sum(dscores, axis=0)
    for (size_t h = 0; h < H; h++)
        for (size_t c = 0; c < C; c++) {
            double s = 0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(cache->p1, i, h) * gsl_matrix_get(g->dz2, i, c);
            gsl_matrix_set(g->dW2, h, c, s + 2 * reg * gsl_matrix_get(net->W2, h, c));
        }
    for (size_t c = 0; c < C; c++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, s);
    }

    // dhidden = dscores @ W2.T   (raw pointers here, this is the big one)
    const double *W2 = net->W2->data;
    const size_t ldw = net->W2->tda, ldh = g->dp1->tda;
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++) {
            double s = 0;
            for (size_t c = 0; c < C; c++)
                s += dscores[i * ld + c] * W2[h * ldw + c];
            dhidden[i * ldh + h] = s;
        }

    // dhidden[hidden <= 0] = 0  -> into dz1
    for (size_t i = 0; i < N; i++)
        for (size_t h = 0; h < H; h++)
            gsl_matrix_set(g->dz1, i, h,
                           gsl_matrix_get(cache->z1, i, h) > 0 ? dhidden[i * ldh + h] : 0.0);

    // dW1 = X.T @ dhidden + 2*reg*W1 ; db1 = sum(dhidden, axis=0)
    for (size_t d = 0; d < D; d++)
        for (size_t h = 0; h < H; h++) {
            double s = 0;
            for (size_t i = 0; i < N; i++)
                s += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
            gsl_matrix_set(g->dW1, d, h, s + 2 * reg * gsl_matrix_get(net->W1, d, h));
        }
    for (size_t h = 0; h < H; h++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
