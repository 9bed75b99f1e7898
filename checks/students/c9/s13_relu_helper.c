/* backward.c
 * Two-layer MLP backward pass -- Ama Boateng, CSC 4xx, PA2
 *
 * Layer by layer, with a scratch copy of dz2 transposed (C x N) so the
 * inner loops of dp1 run over contiguous memory.  The scratch buffer is
 * malloc'ed and freed at "done" (single exit point, as we were taught).
 */
#include <stdlib.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* derivative of the activation, used in the hidden layer */
static double relu_prime(double v)
{
    return v > 0.0 ? v : 0.0;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    double *dz2T = NULL;
    int status = 1;

    if (N != cache->N || X->size2 != D || g->N != N)
        goto done;

    dz2T = malloc(C * N * sizeof(double));
    if (dz2T == NULL)
        goto done;

    /* dz2 = (prob - onehot) / N, kept in both layouts */
    for (size_t n = 0; n < N; n++)
        for (size_t c = 0; c < C; c++) {
            double v = gsl_matrix_get(cache->prob, n, c);
            if (c == y[n])
                v -= 1.0;
            v /= (double)N;
            gsl_matrix_set(g->dz2, n, c, v);
            dz2T[c * N + n] = v;
        }

    /* dW2 = p1^T dz2 + 2 reg W2, db2 = sum_n dz2 */
    for (size_t c = 0; c < C; c++) {
        double sb = 0.0;
        for (size_t n = 0; n < N; n++)
            sb += dz2T[c * N + n];
        gsl_vector_set(g->db2, c, sb);
        for (size_t h = 0; h < H; h++) {
            double sw = 0.0;
            for (size_t n = 0; n < N; n++)
                sw += gsl_matrix_get(cache->p1, n, h) * dz2T[c * N + n];
            gsl_matrix_set(g->dW2, h, c, sw + 2.0 * reg * gsl_matrix_get(net->W2, h, c));
        }
    }

    /* dp1 = dz2 W2^T and dz1 = dp1 * relu'(z1) */
    for (size_t h = 0; h < H; h++)
        for (size_t n = 0; n < N; n++) {
            double s = 0.0;
            size_t c = C;
            while (c-- > 0)
                s += dz2T[c * N + n] * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, s);
            gsl_matrix_set(g->dz1, n, h, s * relu_prime(gsl_matrix_get(cache->z1, n, h)));
        }

    /* dW1 = X^T dz1 + 2 reg W1, db1 = sum_n dz1 */
    for (size_t h = 0; h < H; h++) {
        double sb = 0.0;
        for (size_t n = 0; n < N; n++)
            sb += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, sb);
        for (size_t d = 0; d < D; d++) {
            double sw = 0.0;
            for (size_t n = 0; n < N; n++)
                sw += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h, sw + 2.0 * reg * gsl_matrix_get(net->W1, d, h));
        }
    }

    g->present = BP_GRADS_ALL;
    status = 0;

done:
    free(dz2T);
    return status;
}
