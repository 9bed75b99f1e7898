/*
 * backward pass, 2-layer net.  Retake attempt.
 * Raw pointers with tda because gsl_matrix_get was slow last time (was it
 * really? the TA said it does not matter.  keeping it anyway).
 */
#include <stdlib.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define EL(m, i, j) ((m)->data[(i) * (m)->tda + (j)])
#define VE(v, i) ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* my own column sum, out has length a->size2 */
static void col_sum(const gsl_matrix *a, gsl_vector *out)
{
    size_t i, j;
    for (j = 0; j < a->size2; j++) {
        double t = 0;
        for (i = 0; i < a->size1; i++)
            t += EL(a, i, j);
        VE(out, j) = t;
    }
}

/* out = A^T B + c W   (A is n x p, B is n x q, out and W are p x q) */
static void at_b_plus(const gsl_matrix *A, const gsl_matrix *B, double c,
                      const gsl_matrix *W, gsl_matrix *out)
{
    size_t i, j, n;
    for (i = 0; i < A->size2; i++)
        for (j = 0; j < B->size2; j++) {
            double t = c * EL(W, i, j);
            for (n = 0; n < A->size1; n++)
                t += EL(A, n, i) * EL(B, n, j);
            EL(out, i, j) = t;
        }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, D = net->D;
    size_t i, j, k;
    double *z1copy;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    /* dz2 */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            EL(g->dz2, i, k) = (EL(cache->prob, i, k) - (k == y[i] ? 1.0 : 0.0)) / N;

    /* dW2, db2 */
    at_b_plus(cache->p1, g->dz2, 2 * reg, net->W2, g->dW2);
    col_sum(g->dz2, g->db2);

    /* dp1 = dz2 W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double t = 0;
            for (k = 0; k < C; k++)
                t += EL(g->dz2, i, k) * EL(net->W2, j, k);
            EL(g->dp1, i, j) = t;
        }

    /* z1 again from X W1 + b1 -- the cache has it, but last time I used
     * the wrong cached thing for the mask, so compute it myself and KNOW. */
    z1copy = malloc(N * H * sizeof *z1copy);
    if (!z1copy)
        return 1;
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double t = VE(net->b1, j);
            for (k = 0; k < D; k++)
                t += EL(X, i, k) * EL(net->W1, k, j);
            z1copy[i * H + j] = t;
        }

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            EL(g->dz1, i, j) = z1copy[i * H + j] > 0 ? EL(g->dp1, i, j) : 0.0;
    free(z1copy);

    /* dW1, db1, same helpers as layer 2 */
    at_b_plus(X, g->dz1, 2 * reg, net->W1, g->dW1);
    col_sum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
