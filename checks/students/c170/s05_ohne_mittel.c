/* Blatt 4 Aufgabe 3 - backward pass
 * Namen wie im Skript: fehler_ausgabe = dL/dz2, fehler_verborgen = dL/dz1
 */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t anzahl = X->size1;
    size_t i, j;
    gsl_matrix *fehler_ausgabe = g->dz2;
    gsl_matrix *fehler_verborgen = g->dz1;

    if (anzahl != cache->N || X->size2 != net->D || g->N != anzahl)
        return 1;

    /* softmax-Ableitung: p - 1 an der richtigen Klasse */
    for (i = 0; i < anzahl; i++) {
        for (j = 0; j < net->C; j++) {
            double wert = gsl_matrix_get(cache->prob, i, j);
            if (j == y[i])
                wert = wert - 1.0;
            gsl_matrix_set(fehler_ausgabe, i, j, wert);
        }
    }

    /* gradient_gewichte zweite Schicht */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, fehler_ausgabe,
                   2.0 * reg, g->dW2);

    for (j = 0; j < net->C; j++) {
        double summe = 0.0;
        for (i = 0; i < anzahl; i++)
            summe += gsl_matrix_get(fehler_ausgabe, i, j);
        gsl_vector_set(g->db2, j, summe);
    }

    /* zurueck durch W2 */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, fehler_ausgabe, net->W2,
                   0.0, g->dp1);

    /* ReLU */
    for (i = 0; i < anzahl; i++) {
        for (j = 0; j < net->H; j++) {
            double m = gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(fehler_verborgen, i, j, m * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* gradient_gewichte erste Schicht */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, fehler_verborgen,
                   2.0 * reg, g->dW1);

    for (j = 0; j < net->H; j++) {
        double summe = 0.0;
        for (i = 0; i < anzahl; i++)
            summe += gsl_matrix_get(fehler_verborgen, i, j);
        gsl_vector_set(g->db1, j, summe);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
