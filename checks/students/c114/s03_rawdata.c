/*
 * backward.c - Assignment 3 (neural networks), question 2c
 *
 * I compute the softmax again from the scores z2 instead of using
 * cache->prob, the same way as in my forward function (subtract the max
 * of the row first so exp does not overflow).
 * Access through ->data and tda because get/set is slow (see lab 4).
 */
#include <math.h>
#include "backprop.h"

#define AT(m, i, j)  ((m)->data[(i) * (m)->tda + (j)])
#define VAT(v, i)    ((v)->data[(i) * (v)->stride])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* one row of softmax(z2) minus the one-hot label, divided by N */
static void softmax_row_grad(const gsl_matrix *z2, size_t i, size_t label,
                             double N, gsl_matrix *out)
{
    size_t k;
    double mx = AT(z2, i, 0), sum = 0.0;
    for (k = 1; k < z2->size2; k++)
        if (AT(z2, i, k) > mx)
            mx = AT(z2, i, k);
    for (k = 0; k < z2->size2; k++)
        sum += exp(AT(z2, i, k) - mx);
    for (k = 0; k < z2->size2; k++)
        AT(out, i, k) = (exp(AT(z2, i, k) - mx) / sum - (k == label ? 1.0 : 0.0)) / N;
}

/* W_grad = A^T * delta + 2*reg*W  (A is N x K, delta N x M) */
static void weight_grad(const gsl_matrix *A, const gsl_matrix *delta,
                        const gsl_matrix *W, double reg, gsl_matrix *W_grad)
{
    size_t a, b, n;
    for (a = 0; a < A->size2; a++)
        for (b = 0; b < delta->size2; b++) {
            double acc = 2.0 * reg * AT(W, a, b);
            for (n = 0; n < A->size1; n++)
                acc += AT(A, n, a) * AT(delta, n, b);
            AT(W_grad, a, b) = acc;
        }
}

static void bias_grad(const gsl_matrix *delta, gsl_vector *b_grad)
{
    size_t n, b;
    for (b = 0; b < delta->size2; b++) {
        double acc = 0.0;
        for (n = 0; n < delta->size1; n++)
            acc += AT(delta, n, b);
        VAT(b_grad, b) = acc;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C;
    size_t i, j, k;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    for (i = 0; i < N; i++)
        softmax_row_grad(cache->z2, i, y[i], (double) N, g->dz2);

    weight_grad(cache->p1, g->dz2, net->W2, reg, g->dW2);
    bias_grad(g->dz2, g->db2);

    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double acc = 0.0;
            for (k = 0; k < C; k++)
                acc += AT(g->dz2, i, k) * AT(net->W2, j, k);
            AT(g->dp1, i, j) = acc;
            /* relu: gradient passes only where the unit was active */
            AT(g->dz1, i, j) = AT(cache->z1, i, j) > 0.0 ? acc : 0.0;
        }

    weight_grad(X, g->dz1, net->W1, reg, g->dW1);
    bias_grad(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
