/*
 * backward.c  --  second assignment, Computational Statistics MSc
 *
 * I am more used to R than to GSL so I work with plain double arrays
 * (malloc) and only use ->data and ->tda to read the GSL matrices.
 * AT(m,i,j) is the element in row i, column j of a gsl_matrix.
 */

#include <stdlib.h>
#include "backprop.h"

#define AT(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;

    if (N != cache->N || X->size2 != D || g->N != N) {
        return 1;
    }

    double *delta_output = malloc(N * C * sizeof(double));   /* dz2 */
    double *delta_hidden_out = malloc(N * H * sizeof(double)); /* dp1 */
    double *delta_hidden_in = malloc(N * H * sizeof(double));  /* dz1 */
    double *grad_W2 = calloc(H * C, sizeof(double));
    double *grad_W1 = calloc(D * H, sizeof(double));

    /* delta_output[n][c] = (p_nc - 1{y_n = c}) / N */
    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++) {
            double target = 0.0;
            if (y[n] == c) {
                target = 1.0;
            }
            delta_output[n * C + c] = (AT(cache->prob, n, c) - target) / N;
        }
    }

    /* grad_W2 = sum over samples of the outer product p1_n delta_n */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            for (c = 0; c < C; c++) {
                grad_W2[h * C + c] += AT(cache->p1, n, h) * delta_output[n * C + c];
            }
        }
    }

    /* delta_hidden_out = delta_output W2^T, then through the relu:
     * the relu let the signal through exactly where the output p1 > 0 */
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            double s = 0.0;
            for (c = 0; c < C; c++) {
                s += delta_output[n * C + c] * AT(net->W2, h, c);
            }
            delta_hidden_out[n * H + h] = s;
            delta_hidden_in[n * H + h] = (AT(cache->p1, n, h) > 0.0) ? s : 0.0;
        }
    }

    /* grad_W1 = sum over samples of the outer product x_n delta_hidden_n */
    for (n = 0; n < N; n++) {
        for (d = 0; d < D; d++) {
            for (h = 0; h < H; h++) {
                grad_W1[d * H + h] += AT(X, n, d) * delta_hidden_in[n * H + h];
            }
        }
    }

    /* copy everything into g, adding 2 * reg * W to the weight gradients */
    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++) {
            AT(g->dz2, n, c) = delta_output[n * C + c];
        }
        for (h = 0; h < H; h++) {
            AT(g->dp1, n, h) = delta_hidden_out[n * H + h];
            AT(g->dz1, n, h) = delta_hidden_in[n * H + h];
        }
    }
    for (h = 0; h < H; h++) {
        for (c = 0; c < C; c++) {
            AT(g->dW2, h, c) = grad_W2[h * C + c] + 2.0 * reg * AT(net->W2, h, c);
        }
    }
    for (d = 0; d < D; d++) {
        for (h = 0; h < H; h++) {
            AT(g->dW1, d, h) = grad_W1[d * H + h] + 2.0 * reg * AT(net->W1, d, h);
        }
    }
    /* bias gradients: column sums of the deltas */
    for (c = 0; c < C; c++) {
        double s = 0.0;
        for (n = 0; n < N; n++) {
            s += delta_output[n * C + c];
        }
        g->db2->data[c * g->db2->stride] = s;
    }
    for (h = 0; h < H; h++) {
        double s = 0.0;
        for (n = 0; n < N; n++) {
            s += delta_hidden_in[n * H + h];
        }
        g->db1->data[h * g->db1->stride] = s;
    }

    free(delta_output);
    free(delta_hidden_out);
    free(delta_hidden_in);
    free(grad_W2);
    free(grad_W1);

    g->present = BP_GRADS_ALL;
    return 0;
}
