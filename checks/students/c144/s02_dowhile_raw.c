/*
 * HW5 -- backpropagation, 2 layer network
 * EE numerical methods, spring term
 *
 * Uses the raw arrays  A->data[i*A->tda + j]  like in the LU lab
 * (gsl_matrix_get is too slow in the inner loops, see lab 3 timings).
 */
#include <stddef.h>
#include "backprop/net.h"
#include "backprop/grads.h"

/* element (i,j) of a row major gsl matrix, leading dimension tda */
#define EL(A, i, j)  ((A)->data[(i) * (A)->tda + (j)])
#define VE(v, i)     ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n, d, h, c;          /* counters: sample, input, hidden, class */
    size_t N, D, H, C;
    double acc, scale, tworeg;

    N = X->size1;  D = net->D;  H = net->H;  C = net->C;
    if (N == 0 || N != cache->N || X->size2 != D || g->N != N)
        return 1;
    scale  = 1.0 / (double) N;      /* batch mean, 1/N */
    tworeg = 2.0e0 * reg;           /* d/dW of reg*W^2 */

    /* --- (4.1)  dz2 = (prob - onehot) / N --- */
    n = 0;
    do {
        c = 0;
        do {
            EL(g->dz2, n, c) = scale * (EL(cache->prob, n, c)
                                        - (c == y[n] ? 1.0 : 0.0));
            c++;
        } while (c < C);
        n++;
    } while (n < N);

    /* --- (4.2)  dW2 = p1' dz2 + 2 reg W2,  (4.3)  db2 = sum_n dz2 --- */
    c = 0;
    do {
        h = 0;
        do {
            acc = 0.0;
            n = 0;
            do {
                acc += EL(cache->p1, n, h) * EL(g->dz2, n, c);
                n++;
            } while (n < N);
            EL(g->dW2, h, c) = acc + tworeg * EL(net->W2, h, c);
            h++;
        } while (h < H);

        acc = 0.0;
        n = 0;
        do {
            acc += EL(g->dz2, n, c);
            n++;
        } while (n < N);
        VE(g->db2, c) = acc;
        c++;
    } while (c < C);

    /* --- (4.4)  dp1 = dz2 W2',  (4.5)  dz1 = dp1 * step(z1) --- */
    n = 0;
    do {
        h = 0;
        do {
            acc = 0.0;
            c = 0;
            do {
                acc += EL(g->dz2, n, c) * EL(net->W2, h, c);
                c++;
            } while (c < C);
            EL(g->dp1, n, h) = acc;
            EL(g->dz1, n, h) = EL(cache->z1, n, h) > 0.0 ? acc : 0.0;
            h++;
        } while (h < H);
        n++;
    } while (n < N);

    /* --- (4.6)  dW1 = X' dz1 + 2 reg W1,  (4.7)  db1 = sum_n dz1 --- */
    h = 0;
    do {
        d = 0;
        do {
            acc = 0.0;
            n = 0;
            do {
                acc += EL(X, n, d) * EL(g->dz1, n, h);
                n++;
            } while (n < N);
            EL(g->dW1, d, h) = acc + tworeg * EL(net->W1, d, h);
            d++;
        } while (d < D);

        acc = 0.0;
        n = 0;
        do {
            acc += EL(g->dz1, n, h);
            n++;
        } while (n < N);
        VE(g->db1, h) = acc;
        h++;
    } while (h < H);

    g->present = BP_GRADS_ALL;
    return 0;
}
