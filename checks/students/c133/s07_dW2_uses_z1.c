/* Expt-7  Backpropagation  (two layer net, softmax loss)
 * Submitted by: Mohammed Irfan, 21BCE2210
 */
#include "backprop.h"

#define G(m,i,j)    gsl_matrix_get(m,i,j)
#define S(m,i,j,v)  gsl_matrix_set(m,i,j,v)

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    const gsl_matrix *W1 = net->W1, *W2 = net->W2;
    gsl_matrix *dz2 = g->dz2, *dW2 = g->dW2, *dp1 = g->dp1;
    gsl_matrix *dz1 = g->dz1, *dW1 = g->dW1;
    size_t n, a, b;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    // dz2
    for (n = 0; n < N; n++)
        for (b = 0; b < C; b++)
            S(dz2, n, b, (G(cache->prob, n, b) - (b == y[n])) / N);

    // dW2 = hidden^T * dz2 + 2*reg*W2
    for (a = 0; a < H; a++)
        for (b = 0; b < C; b++) {
            double v = 0;
            for (n = 0; n < N; n++)
                v += G(cache->z1, n, a) * G(dz2, n, b);
            S(dW2, a, b, v + 2 * reg * G(W2, a, b));
        }

    // db2
    for (b = 0; b < C; b++) {
        double v = 0;
        for (n = 0; n < N; n++)
            v += G(dz2, n, b);
        gsl_vector_set(g->db2, b, v);
    }

    // dp1 = dz2 * W2^T
    for (n = 0; n < N; n++)
        for (a = 0; a < H; a++) {
            double v = 0;
            for (b = 0; b < C; b++)
                v += G(dz2, n, b) * G(W2, a, b);
            S(dp1, n, a, v);
        }

    // dz1 = dp1 where z1 > 0
    for (n = 0; n < N; n++)
        for (a = 0; a < H; a++)
            S(dz1, n, a, G(cache->z1, n, a) > 0 ? G(dp1, n, a) : 0);

    // dW1 = X^T * dz1 + 2*reg*W1
    for (a = 0; a < D; a++)
        for (b = 0; b < H; b++) {
            double v = 0;
            for (n = 0; n < N; n++)
                v += G(X, n, a) * G(dz1, n, b);
            S(dW1, a, b, v + 2 * reg * G(W1, a, b));
        }

    // db1
    for (b = 0; b < H; b++) {
        double v = 0;
        for (n = 0; n < N; n++)
            v += G(dz1, n, b);
        gsl_vector_set(g->db1, b, v);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
