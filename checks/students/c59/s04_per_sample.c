/* backward.c -- backward pass, one sample at a time.
 *
 * Like the firmware version will run it: one row of X at a time, every
 * per-sample quantity in a small local array, the weight sums in static
 * accumulators that start from the reg term 2*reg*W.
 */
#include <stdint.h>
#include <string.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define MAX_N   64
#define MAX_D   32
#define MAX_H   64
#define MAX_C   16

static double acc_w1[MAX_D * MAX_H];
static double acc_w2[MAX_H * MAX_C];
static double acc_b1[MAX_H];
static double acc_b2[MAX_C];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t s, a, j, k;
    double e[MAX_C], dh[MAX_H];
    const double invN = 1.0 / (double)N;

    if (N > MAX_N || D > MAX_D || H > MAX_H || C > MAX_C)
        return -1;

    /* start the weight sums at the reg term, the bias sums at 0 */
    for (a = D; a-- > 0;)
        for (j = H; j-- > 0;)
            acc_w1[a * H + j] = 2.0 * reg * gsl_matrix_get(net->W1, a, j);
    for (j = H; j-- > 0;)
        for (k = C; k-- > 0;)
            acc_w2[j * C + k] = 2.0 * reg * gsl_matrix_get(net->W2, j, k);
    memset(acc_b1, 0, sizeof(acc_b1));
    memset(acc_b2, 0, sizeof(acc_b2));

    for (s = N; s-- > 0;) {
        const double *pr = gsl_matrix_const_ptr(cache->prob, s, 0);
        const double *p1 = gsl_matrix_const_ptr(cache->p1, s, 0);
        const double *z1 = gsl_matrix_const_ptr(cache->z1, s, 0);
        const double *x = gsl_matrix_const_ptr(X, s, 0);

        /* row s of dz2 */
        for (k = C; k-- > 0;)
            e[k] = (pr[k] - (k == y[s] ? 1.0 : 0.0)) * invN;
        memcpy(gsl_matrix_ptr(g->dz2, s, 0), e, C * sizeof(double));

        /* its share of dW2 and db2 */
        for (j = H; j-- > 0;)
            for (k = C; k-- > 0;)
                acc_w2[j * C + k] += p1[j] * e[k];
        for (k = C; k-- > 0;)
            acc_b2[k] += e[k];

        /* row s of dp1 */
        for (j = H; j-- > 0;) {
            const double *w = gsl_matrix_const_ptr(net->W2, j, 0);
            double t = 0.0;
            for (k = C; k-- > 0;)
                t += e[k] * w[k];
            dh[j] = t;
        }
        memcpy(gsl_matrix_ptr(g->dp1, s, 0), dh, H * sizeof(double));

        /* row s of dz1, in place */
        for (j = H; j-- > 0;)
            if (!(z1[j] > 0.0))
                dh[j] = 0.0;
        memcpy(gsl_matrix_ptr(g->dz1, s, 0), dh, H * sizeof(double));

        /* its share of dW1 and db1 */
        for (a = D; a-- > 0;)
            for (j = H; j-- > 0;)
                acc_w1[a * H + j] += x[a] * dh[j];
        for (j = H; j-- > 0;)
            acc_b1[j] += dh[j];
    }

    for (a = D; a-- > 0;)
        memcpy(gsl_matrix_ptr(g->dW1, a, 0), acc_w1 + a * H, H * sizeof(double));
    for (j = H; j-- > 0;)
        memcpy(gsl_matrix_ptr(g->dW2, j, 0), acc_w2 + j * C, C * sizeof(double));
    for (j = H; j-- > 0;)
        gsl_vector_set(g->db1, j, acc_b1[j]);
    for (k = C; k-- > 0;)
        gsl_vector_set(g->db2, k, acc_b2[k]);

    g->present = BP_GRADS_ALL;
    return 0;
}
