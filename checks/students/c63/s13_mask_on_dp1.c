/* backward.c - two-layer net, backward pass.
 *
 * forward_again() fills my own z1, p1 and probabilities (rows reached
 * through gsl_matrix_ptr, one pointer per row), and the gradients are
 * computed from them the same way. */

#include <stdlib.h>
#include <math.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void forward_again(const bp_net *net, const gsl_matrix *X,
                          gsl_matrix *z1, gsl_matrix *p1, gsl_matrix *prob)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    for (size_t i = 0; i < N; i++) {
        const double *x = gsl_matrix_const_ptr(X, i, 0);
        double *z = gsl_matrix_ptr(z1, i, 0);
        double *p = gsl_matrix_ptr(p1, i, 0);
        double *q = gsl_matrix_ptr(prob, i, 0);
        double big, tot = 0;

        for (size_t h = 0; h < H; h++) {
            z[h] = gsl_vector_get(net->b1, h);
            for (size_t d = 0; d < D; d++)
                z[h] += x[d] * gsl_matrix_get(net->W1, d, h);
            p[h] = z[h] > 0 ? z[h] : 0;
        }
        for (size_t c = 0; c < C; c++) {
            q[c] = gsl_vector_get(net->b2, c);
            for (size_t h = 0; h < H; h++)
                q[c] += p[h] * gsl_matrix_get(net->W2, h, c);
        }
        big = q[0];
        for (size_t c = 1; c < C; c++)
            if (q[c] > big)
                big = q[c];
        for (size_t c = 0; c < C; c++) {
            q[c] = exp(q[c] - big);
            tot += q[c];
        }
        for (size_t c = 0; c < C; c++)
            q[c] /= tot;
    }
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    gsl_matrix *z1 = gsl_matrix_alloc(N, H);
    gsl_matrix *p1 = gsl_matrix_alloc(N, H);
    gsl_matrix *prob = gsl_matrix_alloc(N, C);

    (void)cache;
    if (!z1 || !p1 || !prob) {
        gsl_matrix_free(z1);
        gsl_matrix_free(p1);
        gsl_matrix_free(prob);
        return 1;
    }
    forward_again(net, X, z1, p1, prob);

    /* dz2 */
    for (size_t i = 0; i < N; i++) {
        double *dz = gsl_matrix_ptr(g->dz2, i, 0);
        const double *q = gsl_matrix_const_ptr(prob, i, 0);
        for (size_t c = 0; c < C; c++)
            dz[c] = (q[c] - (c == y[i])) / N;
    }

    /* dW2 = p1^T dz2 + 2 reg W2,  db2 */
    for (size_t h = 0; h < H; h++) {
        double *dw = gsl_matrix_ptr(g->dW2, h, 0);
        const double *w = gsl_matrix_const_ptr(net->W2, h, 0);
        for (size_t c = 0; c < C; c++) {
            dw[c] = 2 * reg * w[c];
            for (size_t i = 0; i < N; i++)
                dw[c] += gsl_matrix_get(p1, i, h) * gsl_matrix_get(g->dz2, i, c);
        }
    }
    for (size_t c = 0; c < C; c++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, c);
        gsl_vector_set(g->db2, c, s);
    }

    /* dp1 = dz2 W2^T, dz1 = relu'(.) dp1 */
    for (size_t i = 0; i < N; i++) {
        const double *dz = gsl_matrix_const_ptr(g->dz2, i, 0);
        double *dp = gsl_matrix_ptr(g->dp1, i, 0);
        double *dh = gsl_matrix_ptr(g->dz1, i, 0);
        for (size_t h = 0; h < H; h++) {
            const double *w = gsl_matrix_const_ptr(net->W2, h, 0);
            dp[h] = 0;
            for (size_t c = 0; c < C; c++)
                dp[h] += dz[c] * w[c];
            dh[h] = dp[h] > 0 ? dp[h] : 0;
        }
    }

    /* dW1 = X^T dz1 + 2 reg W1,  db1 */
    for (size_t d = 0; d < D; d++) {
        double *dw = gsl_matrix_ptr(g->dW1, d, 0);
        const double *w = gsl_matrix_const_ptr(net->W1, d, 0);
        for (size_t h = 0; h < H; h++) {
            dw[h] = 2 * reg * w[h];
            for (size_t i = 0; i < N; i++)
                dw[h] += gsl_matrix_get(X, i, d) * gsl_matrix_get(g->dz1, i, h);
        }
    }
    for (size_t h = 0; h < H; h++) {
        double s = 0;
        for (size_t i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, s);
    }

    gsl_matrix_free(z1);
    gsl_matrix_free(p1);
    gsl_matrix_free(prob);
    g->present = BP_GRADS_ALL;
    return 0;
}
