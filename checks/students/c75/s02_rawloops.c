/* backward.c  --  Problem 3(b): backward pass by hand.
 *
 * I work on the raw arrays (->data with ->tda) because I want to see the
 * index arithmetic.  restrict: none of the gradients overlap the inputs.
 */
#include <stddef.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    const double invN = 1.0 / (double)N;

    /* ---- output layer ---- */
    const double *restrict P = cache->prob->data;
    const size_t tP = cache->prob->tda;
    double *restrict dz2 = g->dz2->data;
    const size_t t2 = g->dz2->tda;
    for (size_t n = 0; n < N; n++) {
        for (size_t c = 0; c < C; c++) {
            double v = P[n * tP + c];
            if (c == y[n]) v -= 1.0;
            dz2[n * t2 + c] = v * invN;
        }
    }

    const double *restrict A1 = cache->p1->data;
    const size_t tA = cache->p1->tda;
    const double *restrict W2 = net->W2->data;
    const size_t tW2 = net->W2->tda;
    double *restrict dW2 = g->dW2->data;
    const size_t tdW2 = g->dW2->tda;
    for (size_t h = 0; h < H; h++) {
        for (size_t c = 0; c < C; c++) {
            double acc = 0.0;
            for (size_t n = 0; n < N; n++)
                acc += A1[n * tA + h] * dz2[n * t2 + c];
            dW2[h * tdW2 + c] = acc + 2.0 * reg * W2[h * tW2 + c];
        }
    }

    double *restrict db2 = g->db2->data;
    const size_t sb2 = g->db2->stride;
    for (size_t c = 0; c < C; c++) {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++) acc += dz2[n * t2 + c];
        db2[c * sb2] = acc;
    }

    /* ---- hidden layer ---- */
    double *restrict dp1 = g->dp1->data;
    const size_t tp = g->dp1->tda;
    const double *restrict Z1 = cache->z1->data;
    const size_t tz = cache->z1->tda;
    double *restrict dz1 = g->dz1->data;
    const size_t tz1 = g->dz1->tda;
    for (size_t n = 0; n < N; n++) {
        for (size_t h = 0; h < H; h++) {
            double acc = 0.0;
            for (size_t c = 0; c < C; c++)
                acc += dz2[n * t2 + c] * W2[h * tW2 + c];
            dp1[n * tp + h] = acc;
            dz1[n * tz1 + h] = Z1[n * tz + h] > 0.0 ? acc : 0.0;
        }
    }

    const double *restrict Xd = X->data;
    const size_t tX = X->tda;
    const double *restrict W1 = net->W1->data;
    const size_t tW1 = net->W1->tda;
    double *restrict dW1 = g->dW1->data;
    const size_t tdW1 = g->dW1->tda;
    for (size_t d = 0; d < D; d++) {
        for (size_t h = 0; h < H; h++) {
            double acc = 0.0;
            for (size_t n = 0; n < N; n++)
                acc += Xd[n * tX + d] * dz1[n * tz1 + h];
            dW1[d * tdW1 + h] = acc + 2.0 * reg * W1[d * tW1 + h];
        }
    }

    double *restrict db1 = g->db1->data;
    const size_t sb1 = g->db1->stride;
    for (size_t h = 0; h < H; h++) {
        double acc = 0.0;
        for (size_t n = 0; n < N; n++) acc += dz1[n * tz1 + h];
        db1[h * sb1] = acc;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
