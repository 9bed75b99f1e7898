/* backward.c
 *
 * Homework 5 -- backward pass of the two-layer classifier.
 * Units: L in nats, z2 in nats (log-probabilities up to a constant),
 * W, b and X dimensionless.  Eq. numbers from the handout.
 */
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n, h, c, d;        /* sample, hidden unit, class, input */
    size_t N, D, H, C;
    double acc;               /* accumulator [nats per unit] */
    double rN;                /* 1/N  [1/sample] */

    N = X->size1;
    D = net->D;
    H = net->H;
    C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    rN = 1.0 / (double) N;

    /* Eq. (7): dL/dz2 = (p - delta_{c,y}) / N.
       First p/N everywhere ... */
    n = 0;
    while (n < N) {
        c = 0;
        while (c < C) {
            gsl_matrix_set(g->dz2, n, c, rN * gsl_matrix_get(cache->prob, n, c));
            c++;
        }
        n++;
    }
    /* ... then subtract 1/N at the true class of every sample */
    while (n < N) {
        acc = gsl_matrix_get(g->dz2, n, y[n]);
        gsl_matrix_set(g->dz2, n, y[n], acc - rN);
        n++;
    }

    /* Eq. (8), (9): dL/dW2 = p1' dz2 + 2 reg W2,  dL/db2 = sum_n dz2 */
    c = 0;
    while (c < C) {
        h = 0;
        while (h < H) {
            acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(cache->p1, n, h) * gsl_matrix_get(g->dz2, n, c);
            gsl_matrix_set(g->dW2, h, c,
                           acc + 2.0e0 * reg * gsl_matrix_get(net->W2, h, c));
            h++;
        }
        acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz2, n, c);
        gsl_vector_set(g->db2, c, acc);
        c++;
    }

    /* Eq. (10), (11): dL/dp1 = dz2 W2',  dL/dz1 = dL/dp1 where z1 > 0 */
    n = 0;
    while (n < N) {
        for (h = 0; h < H; h++) {
            acc = 0.0;
            for (c = 0; c < C; c++)
                acc += gsl_matrix_get(g->dz2, n, c) * gsl_matrix_get(net->W2, h, c);
            gsl_matrix_set(g->dp1, n, h, acc);
            gsl_matrix_set(g->dz1, n, h,
                           gsl_matrix_get(cache->z1, n, h) > 0.0 ? acc : 0.0);
        }
        n++;
    }

    /* Eq. (12), (13): dL/dW1 = X' dz1 + 2 reg W1,  dL/db1 = sum_n dz1 */
    h = 0;
    while (h < H) {
        for (d = 0; d < D; d++) {
            acc = 0.0;
            for (n = 0; n < N; n++)
                acc += gsl_matrix_get(X, n, d) * gsl_matrix_get(g->dz1, n, h);
            gsl_matrix_set(g->dW1, d, h,
                           acc + 2.0e0 * reg * gsl_matrix_get(net->W1, d, h));
        }
        acc = 0.0;
        for (n = 0; n < N; n++)
            acc += gsl_matrix_get(g->dz1, n, h);
        gsl_vector_set(g->db1, h, acc);
        h++;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
